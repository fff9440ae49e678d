import "array"

array.from(rows: [{v: time(v: "2024-03-01T10:00:00.5+01:00")}])
