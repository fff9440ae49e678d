from(bucket: "example-bucket")
    |> range(start: -10m)
    |> to(bucket: "downsampled", org: "example-org", tagColumns: ["host"])
