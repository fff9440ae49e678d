import "influxdata/influxdb/monitor"
import "influxdata/influxdb/v1"

option task = {name: "cpu check", every: 1m}

check = {_check_id: "0000000000000001", _check_name: "CPU", _type: "threshold", tags: {}}
crit = (r) => r.usage_idle < 10.0
messageFn = (r) => "Check: ${r._check_name} is ${r._level}"

data
    |> v1.fieldsAsCols()
    |> monitor.check(data: check, messageFn: messageFn, crit: crit)
