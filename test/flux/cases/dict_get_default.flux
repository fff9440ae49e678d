import "array"
import "dict"

array.from(rows: [{v: dict.get(dict: ["a": 1], key: "z", default: -1)}])
