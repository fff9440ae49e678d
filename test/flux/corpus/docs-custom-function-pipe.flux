multByX = (tables=<-, x) => tables |> map(fn: (r) => ({r with _value: r._value * x}))

data |> multByX(x: 2.0)
