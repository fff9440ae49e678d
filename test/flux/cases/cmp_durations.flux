import "array"

array.from(rows: [{v: 1h > 30m}])
