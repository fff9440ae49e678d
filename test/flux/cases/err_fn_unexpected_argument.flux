f = (a, b) => a + b
x = f(a: 1, b: 2, c: 3)
