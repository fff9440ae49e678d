x = int(v: "12abc")
