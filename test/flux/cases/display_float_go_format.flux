import "array"

array.from(rows: [{v: display(v: [1000000.0, 0.00001, 123456.5])}])
