import "array"
array.from(rows: [{b: params.bucket, n: params.limit}]) |> yield(name: params.bucket)
