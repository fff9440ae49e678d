x = f()()
y = f(a: 1)(b: 2)
z = f().g().h
w = obj.method(x: 1).field[0]
