and = 1
x = or
y = then
else
