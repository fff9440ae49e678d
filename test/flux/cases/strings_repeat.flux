import "array"
import "strings"

array.from(rows: [{v: strings.repeat(v: "ab", i: 3)}])
