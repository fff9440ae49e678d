builtin f : ."a"
builtin g : .a
builtin h : (x: ."lbl", ?y: .b) => int
builtin i : .
builtin j : !~ . " <- not"
