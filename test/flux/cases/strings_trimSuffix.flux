import "array"
import "strings"

array.from(rows: [{v: strings.trimSuffix(v: "file.csv", suffix: ".csv")}])
