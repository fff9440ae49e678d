import "influxdata/influxdb/secrets"
import "array"
tok = secrets.get(key: "API_TOKEN")
array.from(rows: [{v: [tok, "plain"][0]}])
