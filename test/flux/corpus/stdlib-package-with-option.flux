package main


import "influxdata/influxdb/v1"

option v1.databases = []
option now = () => 2020-01-01T00:00:00Z

v1.json(file: "x.json")
