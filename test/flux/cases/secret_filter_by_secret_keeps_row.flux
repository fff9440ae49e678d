import "influxdata/influxdb/secrets"
import "array"
tok = secrets.get(key: "API_TOKEN")
array.from(rows: [{k: "tok_9f8e7d6c5b4a", n: 1}, {k: "other", n: 2}]) |> filter(fn: (r) => r.k == tok) |> keep(columns: ["n"])
