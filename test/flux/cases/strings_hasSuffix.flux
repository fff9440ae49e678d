import "array"
import "strings"

array.from(rows: [{v: strings.hasSuffix(v: "a.db", suffix: ".csv")}])
