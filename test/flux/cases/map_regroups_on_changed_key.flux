import "array"
data = array.from(rows: [
  {host: "a", region: "east", v: 1},
  {host: "b", region: "west", v: 5},
  {host: "a", region: "east", v: 3},
  {host: "c", region: "west", v: 2},
])
data |> group(columns: ["region"]) |> map(fn: (r) => ({r with region: "all"})) |> sum(column: "v")
