import "influxdata/influxdb/monitor"
import "experimental"

option task = {name: "deadman", every: 1m}

from(bucket: "b")
    |> range(start: -10m)
    |> monitor.deadman(t: experimental.subDuration(from: now(), d: 5m))
