import "array"

array.from(rows: [{v: display(v: ["a": 1, "b": 2])}])
