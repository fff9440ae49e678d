import "influxdata/influxdb/secrets"
x = secrets.get(key: "NOPE")
