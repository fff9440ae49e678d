x = 1h + 1h
