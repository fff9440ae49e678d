import "timezone"

option location = timezone.location(name: "America/Denver")

from(bucket: "b") |> range(start: -1d) |> aggregateWindow(every: 1d, fn: sum)
