import "array"
a = 1
b = 2
f = (a, b) => a - b
array.from(rows: [{v: f(a, b)}])
