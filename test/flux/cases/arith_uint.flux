import "array"

array.from(rows: [{v: uint(v: 5) + uint(v: 7)}])
