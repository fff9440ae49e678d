import "array"

array.from(rows: [{v: 9223372036854775807 + 1}])
