import "array"

array.from(rows: [{v: uint(v: "18446744073709551615")}])
