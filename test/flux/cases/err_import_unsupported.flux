import "influxdata/influxdb/v1"
x = 1
