import "array"

array.from(rows: [{v: "${2024-01-01T00:00:00Z}"}])
