import "influxdata/influxdb/secrets"
import "array"
tok = secrets.get(key: "API_TOKEN")
array.from(rows: [{m: if tok == "tok_9f8e7d6c5b4a" then "match" else "differs"}])
