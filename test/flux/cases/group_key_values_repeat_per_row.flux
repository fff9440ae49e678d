import "array"
array.from(rows: [{k: "x", t: 2024-01-01T00:00:00Z, v: 1}, {k: "x", t: 2024-01-01T00:01:00Z, v: 2}]) |> group(columns: ["k", "t"]) |> count(column: "v")
