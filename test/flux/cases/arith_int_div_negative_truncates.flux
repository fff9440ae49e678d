import "array"

array.from(rows: [{v: -7 / 2}])
