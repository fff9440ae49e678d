s = "cost: $${price}"
t = "${x}$"
u = "$ ${x} $"
