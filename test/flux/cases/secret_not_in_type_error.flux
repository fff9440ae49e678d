import "influxdata/influxdb/secrets"
tok = secrets.get(key: "API_TOKEN")
x = tok + 1
