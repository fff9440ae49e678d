import "array"
inc = (v=<-) => v + 1
array.from(rows: [{v: 5 |> inc()}])
