import "array"

array.from(rows: [{v: true or die(msg: "not evaluated")}])
