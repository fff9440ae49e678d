import "influxdata/influxdb/secrets"
import "array"
tok = secrets.get(key: "API_TOKEN")
array.from(rows: [{v: "x" + tok + "y"}])
