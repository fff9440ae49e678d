import "array"
import str "strings"
array.from(rows: [{v: str.toUpper(v: "abc")}])
