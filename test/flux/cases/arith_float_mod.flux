import "array"

array.from(rows: [{v: 7.5 % 2.0}])
