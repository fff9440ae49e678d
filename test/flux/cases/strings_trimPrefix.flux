import "array"
import "strings"

array.from(rows: [{v: strings.trimPrefix(v: "prefix_name", prefix: "prefix_")}])
