a = b
c = d
