x = "\xzz"
y = "\x4"
