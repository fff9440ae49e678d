a = () => 1
b = (x) => x
c = (x, y) => x + y
d = (x=1, y=2) => x + y
e = (x, y=<-) => y
f = (a, b,) => a
g = () => { return 1 }
h = (r) => ({r with x: 1})
i = (r) => {r with x: 1}
