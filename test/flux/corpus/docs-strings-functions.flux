import "strings"

a = strings.toUpper(v: "koala")
b = strings.toLower(v: "KOALA")
c = strings.trimSpace(v: "  room  ")
d = strings.containsStr(v: "This and that", substr: "and")
e = strings.replaceAll(v: "baaa", t: "a", u: "z")
f = strings.split(v: "a flux of foxes", t: " ")
g = strings.joinStr(arr: ["a", "b", "c"], v: ",")
h = strings.substring(v: "influx", start: 0, end: 3)
