x = "a ${b"
