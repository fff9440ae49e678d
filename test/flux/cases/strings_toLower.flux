import "array"
import "strings"

array.from(rows: [{v: strings.toLower(v: "AbC")}])
