import "array"
data = array.from(rows: [
  {host: "a", region: "east", v: 1},
  {host: "b", region: "west", v: 5},
  {host: "a", region: "east", v: 3},
  {host: "c", region: "west", v: 2},
])
data |> group(columns: ["region"]) |> sort(columns: ["v"], desc: true) |> limit(n: 1)
