x = time(v: "yesterday")
