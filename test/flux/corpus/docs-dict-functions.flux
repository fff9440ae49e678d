import "dict"

d = [1: "foo", 2: "bar"]
v = dict.get(dict: d, key: 1, default: "")
d2 = dict.insert(dict: d, key: 3, value: "baz")
d3 = dict.remove(dict: d2, key: 1)
e = dict.fromList(pairs: [{key: "a", value: 1}])
