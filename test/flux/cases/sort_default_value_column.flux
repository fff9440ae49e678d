import "array"
array.from(rows: [{_value: 3}, {_value: 1}, {_value: 2}]) |> sort()
