import "array"

array.from(rows: [{v: int(v: -3.9)}])
