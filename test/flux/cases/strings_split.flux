import "array"
import "strings"

array.from(rows: [{v: display(v: strings.split(v: "a,b,c", t: ","))}])
