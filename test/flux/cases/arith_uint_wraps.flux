import "array"

array.from(rows: [{v: uint(v: 0) - uint(v: 1)}])
