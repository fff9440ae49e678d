import "influxdata/influxdb/secrets"
import "array"
import "strings"
tok = secrets.get(key: "API_TOKEN")
array.from(rows: [{v: strings.joinStr(arr: strings.split(v: tok, t: "_"), v: "-")}])
