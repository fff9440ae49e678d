import "influxdata/influxdb/secrets"
x = secrets.get(key: 1)
