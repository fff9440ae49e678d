import "array"
array.from(rows: [{a: 1}]) |> map(fn: (r) => ({n_and_f: r.missing and false, n_or_t: r.missing or true, n_and_t: exists (r.missing and true)}))
