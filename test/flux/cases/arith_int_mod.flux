import "array"

array.from(rows: [{v: 17 % 5}])
