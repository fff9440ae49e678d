import "array"

array.from(rows: [{v: "straw" + "berry"}])
