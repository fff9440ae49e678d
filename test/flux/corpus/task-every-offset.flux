option task = {name: "with offset", every: 1h, offset: 10m}

from(bucket: "b") |> range(start: -1h)
