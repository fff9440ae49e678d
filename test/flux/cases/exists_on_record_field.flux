import "array"

array.from(rows: [{v: exists {a: 1}.a}])
