package
package 1
