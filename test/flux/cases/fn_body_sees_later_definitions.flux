import "array"
f = () => g()
g = () => 1
array.from(rows: [{v: f()}])
