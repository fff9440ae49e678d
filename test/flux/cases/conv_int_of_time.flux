import "array"

array.from(rows: [{v: int(v: 1970-01-01T00:00:01Z)}])
