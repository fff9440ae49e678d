import "array"
import "strings"

array.from(rows: [{v: strings.replaceAll(v: "a-b-c", t: "-", u: "+")}])
