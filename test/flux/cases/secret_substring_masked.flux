import "influxdata/influxdb/secrets"
import "array"
import "strings"
tok = secrets.get(key: "API_TOKEN")
array.from(rows: [{v: strings.substring(v: tok, start: 0, end: 6)}])
