import "influxdata/influxdb/secrets"
tok = secrets.get(key: "API_TOKEN")
x = die(msg: "token is " + tok)
