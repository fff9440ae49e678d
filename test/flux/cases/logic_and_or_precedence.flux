import "array"

array.from(rows: [{v: true or false and false}])
