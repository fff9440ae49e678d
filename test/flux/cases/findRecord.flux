import "array"
data = array.from(rows: [
  {host: "a", region: "east", v: 1},
  {host: "b", region: "west", v: 5},
  {host: "a", region: "east", v: 3},
  {host: "c", region: "west", v: 2},
])
r = data |> group(columns: ["region"]) |> findRecord(fn: (key) => key.region == "east", idx: 0)
array.from(rows: [{v: r.v}])
