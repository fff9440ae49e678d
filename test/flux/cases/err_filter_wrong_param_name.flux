import "array"
array.from(rows: [{a: 1}]) |> filter(fn: (row) => true)
