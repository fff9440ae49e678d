import "array"

array.from(rows: [{v: display(v: array.map(arr: [1, 2, 3], fn: (x) => x * x))}])
