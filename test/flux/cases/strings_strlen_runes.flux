import "array"
import "strings"

array.from(rows: [{v: strings.strlen(v: "héllo")}])
