import "array"

array.from(rows: [{v: [10, 20, 30][1]}])
