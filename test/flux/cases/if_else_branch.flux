import "array"

array.from(rows: [{v: if "a" == "b" then 1 else 2}])
