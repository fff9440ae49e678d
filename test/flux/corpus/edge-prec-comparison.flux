a = 1 < 2
b = 1 + 1 == 2
c = a == b == c
d = x <= y and y >= z
e = s =~ /a/ or s !~ /b/
f = 1 != 2
