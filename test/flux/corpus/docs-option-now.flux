option now = () => 2022-01-01T00:00:00Z

from(bucket: "example-bucket") |> range(start: -1h)
