a = -a.b
b = -a.b ^ 2
c = -f()
d = not a.b
e = -a[0]
