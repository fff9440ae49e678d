import "http/requests"
import "influxdata/influxdb/secrets"

token = secrets.get(key: "GH_TOKEN")
response = requests.get(url: "https://api.github.com/user", headers: ["Authorization": "token ${token}", "Accept": "application/json"])

ok = response.statusCode == 200
msg = if ok then "fine" else "failed with ${string(v: response.statusCode)}"
