import "array"

array.from(rows: [{v: "apple" < "banana"}])
