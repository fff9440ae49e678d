option task = {name: "weekly", every: 1w, offset: 1d}
