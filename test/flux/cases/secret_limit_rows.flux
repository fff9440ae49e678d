import "array"
x = array.map(arr: array.map(arr: [1,2,3,4,5,6,7,8,9,10], fn: (x) => x), fn: (x) => x)
y = array.from(rows: array.map(arr: [1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20], fn: (x) => ({x: strings.repeat(v: "x", i: x)})))
