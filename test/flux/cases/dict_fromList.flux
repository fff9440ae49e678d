import "array"
import "dict"

array.from(rows: [{v: dict.get(dict: dict.fromList(pairs: [{key: "k", value: "v"}]), key: "k", default: "")}])
