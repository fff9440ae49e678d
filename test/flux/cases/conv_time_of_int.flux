import "array"

array.from(rows: [{v: time(v: 1000000001)}])
