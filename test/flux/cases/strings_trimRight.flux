import "array"
import "strings"

array.from(rows: [{v: strings.trimRight(v: ".-a-.", cutset: ".-")}])
