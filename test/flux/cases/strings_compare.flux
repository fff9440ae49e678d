import "array"
import "strings"

array.from(rows: [{v: strings.compare(v: "a", t: "b")}])
