option task = {name: "downsample", every: 1h}

from(bucket: "raw") |> range(start: -task.every) |> aggregateWindow(every: 5m, fn: mean) |> to(bucket: "downsampled")
