import "array"

array.from(rows: [{v: float(v: 7) / 2.0}])
