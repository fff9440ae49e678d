import "array"
import "strings"

array.from(rows: [{v: strings.containsStr(v: "haystack", substr: "st")}])
