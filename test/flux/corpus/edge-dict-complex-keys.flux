d = [1 + 1: "two", f(): "call", [1]: "arr"]
e = [r.a: 1, r.b: 2]
