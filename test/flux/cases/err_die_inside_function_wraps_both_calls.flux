f = () => die(msg: "inner")
x = f()
