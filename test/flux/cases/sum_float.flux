import "array"
array.from(rows: [{_value: 0.5}, {_value: 1.25}]) |> sum()
