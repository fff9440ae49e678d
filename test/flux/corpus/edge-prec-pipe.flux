a = 1 + 2 |> f()
b = x |> f() |> g(a: 1)
c = -x |> f()
d = x |> f() ^ 2
e = x |> f() * 2
f = x.y |> g()
