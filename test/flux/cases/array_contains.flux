import "array"

array.from(rows: [{v: contains(value: "b", set: ["a", "b"])}])
