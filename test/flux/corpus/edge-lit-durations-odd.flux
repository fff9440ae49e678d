a = 1h1h
b = 01h
c = 1mos
d = 10ms5
e = 3dh
