import "influxdata/influxdb/secrets"
import "array"
tok = secrets.get(key: "API_TOKEN")
array.from(rows: [{u: "alice"}]) |> map(fn: (r) => ({r with auth: "${r.u}:${tok}"}))
