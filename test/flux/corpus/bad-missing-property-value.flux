r = {a: , b: 1}
f(x: )
