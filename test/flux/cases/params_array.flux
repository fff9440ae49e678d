import "array"

array.from(rows: [{v: length(arr: params.tags)}])
