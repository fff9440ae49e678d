import "influxdata/influxdb/secrets"
x = int(v: secrets.get(key: "API_TOKEN"))
