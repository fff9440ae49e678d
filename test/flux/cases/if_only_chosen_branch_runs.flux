import "array"

array.from(rows: [{v: if true then 1 else die(msg: "no")}])
