a = .b
c = f(fn: .name)
d = ."quoted"
e = . 1
f = .
