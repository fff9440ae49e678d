import "json"

jsonData = {foo: "bar", baz: 123, quz: [4, 5, 6]}

json.encode(v: jsonData)
