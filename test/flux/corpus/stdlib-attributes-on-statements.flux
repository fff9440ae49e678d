@tag("a") @tag("b")
x = 1

@deprecated("use y")
f = () => x

@feature(1, "two")
option task = {name: "t", every: 1h}
