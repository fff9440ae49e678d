import "a"
package main
