import "array"
import "strings"

array.from(rows: [{v: strings.lastIndex(v: "go gopher", substr: "go")}])
