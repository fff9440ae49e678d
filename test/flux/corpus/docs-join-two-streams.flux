left = from(bucket: "a") |> range(start: -1h)
right = from(bucket: "b") |> range(start: -1h)

join(tables: {left: left, right: right}, on: ["_time", "host"], method: "inner")
