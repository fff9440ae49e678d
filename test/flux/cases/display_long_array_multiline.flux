import "array"

array.from(rows: [{v: display(v: [1, 2, 3, 4])}])
