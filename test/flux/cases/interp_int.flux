import "array"

array.from(rows: [{v: "n=${1 + 1}"}])
