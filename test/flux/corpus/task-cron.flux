option task = {name: "nightly", cron: "0 2 * * *"}

from(bucket: "b") |> range(start: -1d) |> count() |> to(bucket: "counts")
