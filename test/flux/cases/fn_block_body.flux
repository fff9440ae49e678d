import "array"
g = (n) => {
  z = n + 1
  return if z > 2 then "big" else "small"
}
array.from(rows: [{v: g(n: 5)}])
