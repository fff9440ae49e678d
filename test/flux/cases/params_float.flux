import "array"

array.from(rows: [{v: params.ratio * 2.0}])
