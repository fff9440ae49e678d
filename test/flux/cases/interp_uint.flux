import "array"

array.from(rows: [{v: "${uint(v: 42)}"}])
