import "array"

rows = [{foo: "bar", baz: 21.2}, {foo: "bar", baz: 23.8}]

array.from(rows: rows)
