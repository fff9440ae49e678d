import "influxdata/influxdb/secrets"
import "array"
u = secrets.get(key: "PG_PASS")
array.from(rows: [{note: "pw is s3cr3t-pg-pass"}])
