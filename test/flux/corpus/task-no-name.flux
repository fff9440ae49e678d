option task = {every: 1m}

from(bucket: "b") |> range(start: -1m)
