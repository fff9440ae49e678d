import "json"

data = json.parse(data: bytes(v: "{\"a\": 1, \"b\": [true, false]}"))
first = data.b[0]
