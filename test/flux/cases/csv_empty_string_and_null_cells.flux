import "array"
array.from(rows: [{a: "", b: 1}]) |> map(fn: (r) => ({r with c: r.missing}))
