import "array"

array.from(rows: [{v: "a${"b${"c"}"}"}])
