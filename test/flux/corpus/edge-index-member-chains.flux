x = a.b.c.d
y = a["b"]["c"]
z = a[0][1][2]
w = a.b[0]["c"].d(x: 1)[2]
v = a[i + 1]
u = a[f(x: 1)]
t = a["b" + "c"]
