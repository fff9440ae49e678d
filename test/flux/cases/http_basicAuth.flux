import "array"
import "http"

array.from(rows: [{v: http.basicAuth(u: "u", p: "p")}])
