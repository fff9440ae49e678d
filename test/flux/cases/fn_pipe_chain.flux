import "array"
inc = (v=<-, by=1) => v + by
array.from(rows: [{v: 5 |> inc() |> inc(by: 10)}])
