import "experimental/influxdb"
import "influxdata/influxdb/secrets"

token = secrets.get(key: "INFLUX_TOKEN")

influxdb.api(method: "get", path: "/health", host: "http://localhost:8086", token: token)
