import "array"
import "strings"

array.from(rows: [{v: strings.isDigit(v: "7")}])
