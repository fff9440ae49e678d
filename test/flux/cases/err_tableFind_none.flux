import "array"
x = array.from(rows: [{a: 1}]) |> tableFind(fn: (key) => false)
