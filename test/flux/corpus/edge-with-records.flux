a = {r with x: r.x + 1}
b = (r) => ({r with _value: r._value * 2.0})
c = {r with "key": 1}
d = {r with a, b}
