import "array"

array.from(rows: [{v: display(v: [2024-01-01T00:00:00.5Z])}])
