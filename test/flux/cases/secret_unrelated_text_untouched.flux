import "influxdata/influxdb/secrets"
import "array"
u = secrets.get(key: "USER")
array.from(rows: [{note: "the user column is user"}])
