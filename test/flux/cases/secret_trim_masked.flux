import "influxdata/influxdb/secrets"
import "array"
import "strings"
tok = secrets.get(key: "API_TOKEN")
array.from(rows: [{v: strings.trimPrefix(v: tok, prefix: "tok_")}])
