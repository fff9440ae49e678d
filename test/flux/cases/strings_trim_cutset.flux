import "array"
import "strings"

array.from(rows: [{v: strings.trim(v: "xxhixx", cutset: "x")}])
