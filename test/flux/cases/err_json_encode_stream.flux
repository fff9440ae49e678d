import "json"
import "array"
x = json.encode(v: array.from(rows: [{a: 1}]))
