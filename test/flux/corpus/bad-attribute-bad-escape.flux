@edition("2022\.1")
package main

x = 1
