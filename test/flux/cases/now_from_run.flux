import "array"

array.from(rows: [{v: now()}])
