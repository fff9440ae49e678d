name = "x"
option task = {name: "task-${name}", every: 1m}
