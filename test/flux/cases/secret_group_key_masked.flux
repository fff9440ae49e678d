import "influxdata/influxdb/secrets"
import "array"
tok = secrets.get(key: "API_TOKEN")
array.from(rows: [{k: tok, v: 1}, {k: tok, v: 2}]) |> group(columns: ["k"]) |> sum(column: "v")
