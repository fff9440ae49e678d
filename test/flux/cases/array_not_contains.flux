import "array"

array.from(rows: [{v: contains(value: 5, set: [1, 2])}])
