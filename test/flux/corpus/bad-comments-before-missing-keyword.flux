x = if a // c
else b
y = if a // d
