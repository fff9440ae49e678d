import "array"
import "strings"

array.from(rows: [{v: strings.title(v: "hello wide world")}])
