import "array"
array.from(rows: [{a: 1}])
array.from(rows: [{b: 2}])
