import "array"

array.from(rows: [{v: 0.1 + 0.2}])
