import "array"

array.from(rows: [{v: display(v: {a: 1, b: "x", c: [1.5, 2.0]})}])
