import "array"
array.from(rows: [])
