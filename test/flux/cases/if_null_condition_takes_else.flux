import "array"
array.from(rows: [{a: 1}]) |> map(fn: (r) => ({v: if r.missing then "then" else "else"}))
