import "array"

array.from(rows: [{v: false and die(msg: "not evaluated")}])
