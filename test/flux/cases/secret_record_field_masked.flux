import "influxdata/influxdb/secrets"
import "array"
tok = secrets.get(key: "API_TOKEN")
rec = {t: tok, a: 1}
array.from(rows: [{v: rec.t}])
