import "array"

array.from(rows: [{v: int(v: true)}])
