import "array"

array.from(rows: [{v: 1 + 2}])
