option now = () => 2020-02-01T00:00:00Z
option task = {name: "n", every: 1h}
