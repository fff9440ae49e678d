import "influxdata/influxdb/secrets"
import "array"
tok = secrets.get(key: "API_TOKEN")
array.from(rows: [{v: string(v: bytes(v: tok))}])
