x = f(a: 1
y = 2
