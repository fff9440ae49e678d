import "array"

array.from(rows: [{v: display(v: [:])}])
