import "array"
a = array.from(rows: [{x: 1}])
b = array.from(rows: [{y: "s"}])
union(tables: [a, b])
