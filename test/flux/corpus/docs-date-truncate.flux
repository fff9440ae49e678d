import "date"

t = date.truncate(t: 2019-06-03T13:59:01Z, unit: 1d)
h = date.hour(t: now())
