import "array"
array.from(rows: [{a: 1}]) |> map(fn: (r) => ({r with s: "${r.missing}"}))
