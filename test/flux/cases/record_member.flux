import "array"

array.from(rows: [{v: {a: 1, b: "x"}.b}])
