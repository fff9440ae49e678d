a = 10 / 2 / 5
b = x / y
c = (x) / 2
d = f() / 2
e = a[0] / 2
f = x =~ /a/ and y / 2 > 1
g = [/a/, /b/]
h = f(re: /x/)
