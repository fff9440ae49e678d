import "array"
import "strings"

array.from(rows: [{v: strings.index(v: "héllo", substr: "l")}])
