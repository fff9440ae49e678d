import "array"

array.from(rows: [{v: float(v: "3.25")}])
