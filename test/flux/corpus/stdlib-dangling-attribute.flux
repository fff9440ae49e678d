x = 1

@orphan
