import "array"
import "strings"

array.from(rows: [{v: strings.containsAny(v: "abc", chars: "xyzc")}])
