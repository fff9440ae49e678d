import "array"

array.from(rows: [{v: {"a b": 3}["a b"]}])
