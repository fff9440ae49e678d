a = 1 + (r) => 2
b = (x) => x + 1
c = (x) => (y) => x + y
d = f(fn: (r) => r.a > 1 and r.b < 2)
