import "http"
import "json"
import "influxdata/influxdb/secrets"

option task = {name: "notify", every: 1h, offset: 10m}

token = secrets.get(key: "WEBHOOK_TOKEN")

lastValue = from(bucket: "metrics")
    |> range(start: -task.every)
    |> filter(fn: (r) => r._measurement == "disk" and r._field == "used_percent")
    |> last()
    |> findRecord(fn: (key) => true, idx: 0)

status = if lastValue._value > 90.0 then http.post(url: "https://hooks.example.com/notify", headers: {Authorization: "Bearer ${token}"}, data: json.encode(v: {disk: lastValue._value})) else 0
