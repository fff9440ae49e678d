import "array"

array.from(rows: [{v: string(v: 42)}])
