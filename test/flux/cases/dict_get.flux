import "array"
import "dict"

array.from(rows: [{v: dict.get(dict: ["a": 1, "b": 2], key: "b", default: 0)}])
