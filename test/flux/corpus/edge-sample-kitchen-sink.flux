import str "strings"
a = [1, 2, 3]
d = [:]
m = ["k": 1, "j": 2]
r = {a: 1, "b c": 2.0, c}
r2 = {r with a: 2}
f = (x, y=2, tables=<-) => tables |> map(fn: (r) => ({r with v: x * y}))
g = (n) => {
    z = n + 1
    return if z > 2 then "big" else "small"
}
t = 2018-05-22T19:53:26Z
dur = 1h30m
neg = -5
re = /a\/b.*/
v = r["b c"] + a[0] ^ 2 % 3
s = str.toUpper(v: "x\n\t\x41")
1 |> f(x: 2)
