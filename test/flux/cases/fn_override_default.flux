import "array"
f = (x, y=10) => x + y
array.from(rows: [{v: f(x: 1, y: 2)}])
