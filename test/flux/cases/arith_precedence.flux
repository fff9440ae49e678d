import "array"

array.from(rows: [{v: 2 + 3 * 4 - 1}])
