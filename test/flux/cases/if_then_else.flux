import "array"

array.from(rows: [{v: if 1 > 0 then "yes" else "no"}])
