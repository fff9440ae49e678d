import "array"
import "strings"

array.from(rows: [{v: strings.trimLeft(v: ".-a-.", cutset: ".-")}])
