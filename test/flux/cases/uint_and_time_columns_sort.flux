import "array"
array.from(rows: [{u: uint(v: 3), t: 2024-01-03T00:00:00Z}, {u: uint(v: 1), t: 2024-01-01T00:00:00Z}]) |> sort(columns: ["t"])
