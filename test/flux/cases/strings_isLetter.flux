import "array"
import "strings"

array.from(rows: [{v: strings.isLetter(v: "7")}])
