option task = {name: "compound", every: 1h30m}
