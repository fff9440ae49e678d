a = ""
b = "plain"
c = "esc \n \r \t \\ \" end"
d = "\x41\x42"
e = "dollar $ sign $"
f = "not interp \${x}"
g = "multi
line
string"
h = "$$"
