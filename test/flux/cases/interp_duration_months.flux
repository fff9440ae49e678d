import "array"

array.from(rows: [{v: "${1y2mo3d}"}])
