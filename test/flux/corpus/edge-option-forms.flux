option a = 1
option b.c = 2
option task = {name: "x", every: 1h}
option now = () => 2020-01-01T00:00:00Z
