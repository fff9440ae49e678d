import "array"
array.from(rows: [1, 2])
