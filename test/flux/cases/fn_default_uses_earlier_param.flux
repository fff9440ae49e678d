import "array"
f = (a, b=a * 2) => a + b
array.from(rows: [{v: f(a: 3)}])
