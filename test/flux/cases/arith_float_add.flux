import "array"

array.from(rows: [{v: 1.5 + 2.25}])
