import "array"
array.from(rows: [{a: 1}]) |> range(start: -1h)
