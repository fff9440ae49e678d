import "http"
import "json"
import "influxdata/influxdb/secrets"

token = secrets.get(key: "TOKEN")

http.post(
    url: "https://example.com/api",
    headers: {"Authorization": "Token ${token}", "Content-Type": "application/json"},
    data: json.encode(v: {status: "ok", count: 3}),
)
