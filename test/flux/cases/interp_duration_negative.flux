import "array"

array.from(rows: [{v: "${-5m}"}])
