import "array"

array.from(rows: [{v: params.limit + 1}])
