import "array"

array.from(rows: [{v: bool(v: "false")}])
