import "json"
x = json.encode(v: (x) => x)
