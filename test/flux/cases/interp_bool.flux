import "array"

array.from(rows: [{v: "ok=${3 > 2}"}])
