import "array"

array.from(rows: [{v: display(v: {b: 2, a: 1})}])
