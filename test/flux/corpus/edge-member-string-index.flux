x = r["a"]
y = r["a b"]["c"]
z = r["${k}"]
