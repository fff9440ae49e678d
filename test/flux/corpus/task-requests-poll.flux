import "http/requests"
import "json"
import "array"
import "influxdata/influxdb/secrets"

option task = {name: "poll-api", every: 5m}

apiKey = secrets.get(key: "API_KEY")
response = requests.get(url: "https://api.example.com/v1/status", headers: ["X-Api-Key": apiKey])
body = json.parse(data: response.body)

array.from(rows: [{_time: now(), _measurement: "api", _field: "up", _value: response.statusCode == 200}])
    |> to(bucket: "status")
