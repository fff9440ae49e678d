import "array"

array.from(rows: [{v: string(v: duration(v: "90s"))}])
