import "array"

array.from(rows: [{v: "${0.0000001}"}])
