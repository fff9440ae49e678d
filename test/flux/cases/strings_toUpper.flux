import "array"
import "strings"

array.from(rows: [{v: strings.toUpper(v: "abc")}])
