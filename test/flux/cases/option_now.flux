import "array"
option now = () => 2020-05-05T00:00:00Z
array.from(rows: [{v: now()}])
