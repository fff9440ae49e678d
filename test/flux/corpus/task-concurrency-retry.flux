option task = {name: "retrying", every: 10m, concurrency: 2, retry: 5}
