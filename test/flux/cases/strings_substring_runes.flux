import "array"
import "strings"

array.from(rows: [{v: strings.substring(v: "héllo", start: 1, end: 3)}])
