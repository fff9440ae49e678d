import "array"

array.from(rows: [{v: 3 >= 3 and 2 <= 1}])
