option task = {name: "fast", every: 500ms}
