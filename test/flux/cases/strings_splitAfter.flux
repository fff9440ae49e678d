import "array"
import "strings"

array.from(rows: [{v: display(v: strings.splitAfter(v: "a,b", t: ","))}])
