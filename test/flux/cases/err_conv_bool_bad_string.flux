x = bool(v: "yes")
