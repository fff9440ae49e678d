import "array"
import "strings"

array.from(rows: [{v: strings.equalFold(v: "Go", t: "GO")}])
