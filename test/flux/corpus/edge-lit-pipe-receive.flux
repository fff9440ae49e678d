f = (tables=<-) => tables
g = (t=<-, x=1) => t
