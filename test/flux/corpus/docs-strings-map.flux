import "strings"

data
    |> map(fn: (r) => ({r with _value: strings.title(v: r._value)}))
    |> filter(fn: (r) => strings.hasPrefix(v: r.host, prefix: "web"))
