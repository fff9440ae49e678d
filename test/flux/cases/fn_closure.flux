import "array"
make = (n) => (x) => x + n
add5 = make(n: 5)
array.from(rows: [{v: add5(x: 1)}])
