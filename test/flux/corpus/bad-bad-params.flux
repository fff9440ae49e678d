g = (a, b c) => a
h = (a=) => a
