import "array"

array.from(rows: [{v: "${1000000000000000000000.0}"}])
