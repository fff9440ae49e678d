r = {a without b: 1}
s = {a b}
