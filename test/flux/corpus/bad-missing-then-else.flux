a = if x 1 else 2
b = if x then 1
c = if x then 1 2
d = if then else
