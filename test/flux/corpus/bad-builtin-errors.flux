builtin f !~ int
builtin g : ^
builtin h : (a: int, b:\x41 [A]) => int
builtin "s"
builtin
