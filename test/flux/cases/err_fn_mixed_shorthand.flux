a = 1
f = (a, b) => a + b
x = f(a, b: 2)
