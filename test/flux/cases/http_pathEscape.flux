import "array"
import "http"

array.from(rows: [{v: http.pathEscape(inputString: "a b/c?d")}])
