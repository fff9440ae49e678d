x = a[]
y = a[,]
