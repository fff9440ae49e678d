import "array"
import "strings"

array.from(rows: [{v: strings.hasPrefix(v: "postgres://x", prefix: "postgres")}])
