import "array"

a = [1, 2, 3, 4, 5]
b = a |> array.map(fn: (x) => x * x)
c = b |> array.filter(fn: (x) => x > 4)
d = array.concat(arr: a, v: [6, 7])
