import "array"
import "strings"
data = array.from(rows: [
  {host: "a", region: "east", v: 1},
  {host: "b", region: "west", v: 5},
  {host: "a", region: "east", v: 3},
  {host: "c", region: "west", v: 2},
])
hosts = data |> tableFind(fn: (key) => true) |> getColumn(column: "host")
array.from(rows: [{hosts: strings.joinStr(arr: hosts, v: ",")}])
