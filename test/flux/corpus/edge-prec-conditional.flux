a = if x then 1 else 2
b = if x then if y then 1 else 2 else 3
c = if x then 1 else if y then 2 else 3
d = (if x then 1 else 2) + 3
e = if x then 1 else 2 + 3
f = if a and b then c or d else not e
