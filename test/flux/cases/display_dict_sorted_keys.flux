import "array"

array.from(rows: [{v: display(v: ["b": 1, "a": 2])}])
