import "array"

array.from(rows: [{v: 1.0 / 0.0}])
