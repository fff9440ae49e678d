import "array"

array.from(rows: [{v: display(v: array.filter(arr: [1, 2, 3, 4], fn: (x) => x % 2 == 0))}])
