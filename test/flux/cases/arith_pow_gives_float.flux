import "array"

array.from(rows: [{v: 2 ^ 10}])
