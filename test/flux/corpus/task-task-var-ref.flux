every = 1h
option task = {name: "var", every: every}
