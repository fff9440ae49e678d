import "array"

array.from(rows: [{v: length(arr: [1, 2, 3, 4])}])
