import "array"
option task = {name: "t1", every: 1h}
array.from(rows: [{v: task.name + " every " + string(v: task.every)}])
