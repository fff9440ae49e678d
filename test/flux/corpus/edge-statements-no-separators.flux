x = 1 y = 2 z = x + y f(a: z) return z
