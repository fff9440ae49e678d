builtin // c
