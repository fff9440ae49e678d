import "array"
x = now()
option now = () => 2021-01-01T00:00:00Z
array.from(rows: [{v: x}])
