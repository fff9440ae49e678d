a = not x == y and z or w
b = x or y and z
c = not not x
d = exists a and exists b
e = not exists x
f = a and (b or c)
