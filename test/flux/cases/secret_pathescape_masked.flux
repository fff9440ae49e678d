import "influxdata/influxdb/secrets"
import "array"
import "http"
tok = secrets.get(key: "API_TOKEN")
array.from(rows: [{v: http.pathEscape(inputString: tok)}])
