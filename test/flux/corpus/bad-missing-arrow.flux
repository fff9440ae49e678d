f = (a, b) a + b
g = () 1
