import "array"
import "strings"

array.from(rows: [{v: display(v: strings.splitN(v: "a,b,c", t: ",", i: 2))}])
