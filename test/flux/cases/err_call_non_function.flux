x = 1
y = x(a: 1)
