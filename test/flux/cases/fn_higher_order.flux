import "array"
apply = (f, x) => f(x: x)
array.from(rows: [{v: apply(f: (x, a=3) => a + x, x: 2)}])
