f = (a, b) => a + b
x = f(a: 1)
