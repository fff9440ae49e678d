import "experimental"

a = {foo: 1, bar: "x"}
b = experimental.objectKeys(o: a)
