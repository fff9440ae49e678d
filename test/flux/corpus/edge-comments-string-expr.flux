s = "a ${ // inside interp
 x }"
