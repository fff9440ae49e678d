a = true
b = false
c = not true
d = exists r.x
e = true and false or true
