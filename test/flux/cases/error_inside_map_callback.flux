import "array"
array.from(rows: [{a: 1}]) |> map(fn: (r) => ({v: r.a / 0}))
