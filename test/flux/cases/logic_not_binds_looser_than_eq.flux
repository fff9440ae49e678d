import "array"

array.from(rows: [{v: not 1 == 2}])
