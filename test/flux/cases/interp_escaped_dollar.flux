import "array"

array.from(rows: [{v: "\${x}"}])
