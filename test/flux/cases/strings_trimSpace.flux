import "array"
import "strings"

array.from(rows: [{v: strings.trimSpace(v: "  x y \t")}])
