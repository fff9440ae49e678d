import "array"
array.from(rows: [{a: 1}]) |> map(fn: (r) => ({eq: exists (r.missing == 1), lt: exists (r.missing < 2)}))
