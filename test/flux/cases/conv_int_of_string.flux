import "array"

array.from(rows: [{v: int(v: "-42")}])
