import "array"

array.from(rows: [{v: params.bucket}])
