import "http"
import "influxdata/influxdb/secrets"

username = secrets.get(key: "USERNAME")
password = secrets.get(key: "PASSWORD")

http.post(
    url: "http://myawesomesite.com/api/",
    headers: {Authorization: http.basicAuth(u: username, p: password)},
    data: bytes(v: "Something I want to send."),
)
