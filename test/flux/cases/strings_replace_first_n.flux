import "array"
import "strings"

array.from(rows: [{v: strings.replace(v: "oink oink oink", t: "k", u: "ky", i: 2)}])
