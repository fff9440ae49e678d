import "array"
x = 3
y = 4
rec = {x, y}
array.from(rows: [{v: rec.x + rec.y}])
