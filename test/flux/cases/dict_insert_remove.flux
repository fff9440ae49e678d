import "array"
import "dict"

array.from(rows: [{v: display(v: dict.remove(dict: dict.insert(dict: ["a": 1], key: "b", value: 2), key: "a"))}])
