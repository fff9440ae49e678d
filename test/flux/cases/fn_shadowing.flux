import "array"
x = 1
f = (x) => x * 10
array.from(rows: [{v: f(x: 2) + x}])
