f = (n) => f(n: n + 1)
x = f(n: 0)
