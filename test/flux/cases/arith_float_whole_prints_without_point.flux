import "array"

array.from(rows: [{v: 2.0 * 3.0}])
