import "array"

array.from(rows: [{v: display(v: array.concat(arr: [1, 2], v: [3]))}])
