import "array"
array.from(rows: [{a: 1}]) |> group(columns: ["a"], mode: "sideways")
