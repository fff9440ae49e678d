import "array"

array.from(rows: [{v: string(v: duration(v: 1500000000))}])
