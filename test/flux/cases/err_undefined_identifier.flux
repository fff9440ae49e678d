x = nope + 1
