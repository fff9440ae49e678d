import "array"
data = array.from(rows: [
  {host: "a", region: "east", v: 1},
  {host: "b", region: "west", v: 5},
  {host: "a", region: "east", v: 3},
  {host: "c", region: "west", v: 2},
])
empty = data |> group(columns: ["region"]) |> filter(fn: (r) => r.v > 100, onEmpty: "keep")
empty |> count(column: "v") |> yield(name: "count")
empty |> mean(column: "v") |> yield(name: "mean")
