import "array"
import "strings"

array.from(rows: [{v: strings.indexAny(v: "golang", chars: "xyzn")}])
