import "array"
array.from(rows: [{a: 1}]) |> count()
