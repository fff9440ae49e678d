import "array"
import "strings"

array.from(rows: [{v: strings.countStr(v: "cheese", substr: "e")}])
