import "array"
f = (a, b) => a - b
array.from(rows: [{v: f(b: 2, a: 10)}])
