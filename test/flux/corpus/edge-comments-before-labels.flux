builtin f : // c
."a"
x = // d
.b
