import "array"
import "strings"

array.from(rows: [{v: strings.joinStr(arr: ["a", "b", "c"], v: "/")}])
