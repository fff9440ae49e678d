import "array"
r = {a: 1, b: 2}
s = {r with b: 3, c: 4}
array.from(rows: [{v: s.a + s.b + s.c}])
