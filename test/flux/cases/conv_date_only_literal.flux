import "array"

array.from(rows: [{v: 2024-02-29}])
