import "influxdata/influxdb/secrets"
import "array"
array.from(rows: [{a: 1}]) |> rename(columns: {a: secrets.get(key: "API_TOKEN")})
