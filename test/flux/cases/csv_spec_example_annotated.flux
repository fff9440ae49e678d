import "array"
array.from(rows: [{host: "a", v: 1.5}, {host: "b", v: 2.0}])
