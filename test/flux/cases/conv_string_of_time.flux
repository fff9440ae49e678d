import "array"

array.from(rows: [{v: string(v: 2024-03-01T10:00:00Z)}])
