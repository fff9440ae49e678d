import "array"
import "strings"

array.from(rows: [{v: strings.substring(v: "abc", start: -5, end: 99)}])
