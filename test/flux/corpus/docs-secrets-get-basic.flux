import "influxdata/influxdb/secrets"

token = secrets.get(key: "API_TOKEN")
