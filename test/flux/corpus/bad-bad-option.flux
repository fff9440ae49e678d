option = 3
option x 1
option a.b
option 1 = 2
