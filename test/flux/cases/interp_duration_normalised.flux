import "array"

array.from(rows: [{v: "${90m}"}])
