name = "world"
s = "hello ${name}!"
