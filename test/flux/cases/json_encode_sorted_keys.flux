import "array"
import "json"

array.from(rows: [{v: string(v: json.encode(v: {b: 1, a: "x", c: [1.5, 2.0]}))}])
