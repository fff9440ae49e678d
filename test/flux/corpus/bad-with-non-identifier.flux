r = {"a" with b: 1}
s = {1 with b: 1}
