s = "first ${a}
second ${b}
third"
