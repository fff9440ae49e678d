import "array"

array.from(rows: [{v: -(3 - 5)}])
