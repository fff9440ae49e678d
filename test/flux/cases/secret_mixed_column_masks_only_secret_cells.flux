import "influxdata/influxdb/secrets"
import "array"
pin = int(v: secrets.get(key: "PIN"))
array.from(rows: [{n: 1}, {n: pin}, {n: 3}])
