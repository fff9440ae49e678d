import "influxdata/influxdb/secrets"
import "array"
array.from(rows: [{a: 1}]) |> yield(name: secrets.get(key: "API_TOKEN"))
