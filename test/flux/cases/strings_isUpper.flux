import "array"
import "strings"

array.from(rows: [{v: strings.isUpper(v: "Q")}])
