import "array"
a = array.from(rows: [{x: 1}])
b = array.from(rows: [{x: 2}])
union(tables: [a, b])
