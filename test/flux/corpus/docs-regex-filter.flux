from(bucket: "example-bucket")
    |> range(start: -15m)
    |> filter(fn: (r) => r._measurement =~ /^cpu|mem$/ and r.host !~ /^test-\d+/)
