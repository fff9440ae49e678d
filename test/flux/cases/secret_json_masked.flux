import "influxdata/influxdb/secrets"
import "array"
import "json"
tok = secrets.get(key: "API_TOKEN")
array.from(rows: [{v: string(v: json.encode(v: {t: tok}))}])
