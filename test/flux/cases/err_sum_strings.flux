import "array"
array.from(rows: [{_value: "a"}]) |> sum()
