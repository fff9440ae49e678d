import "array"
x = -3
array.from(rows: [{v: x ^ 2}])
