import "array"
x = 1
f = () => {
  x = 2
  return x
}
array.from(rows: [{v: f()}])
