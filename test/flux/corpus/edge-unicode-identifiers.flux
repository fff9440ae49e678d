café = 1
naïve = café + 1
π = 3.14
日本 = "japan"
переменная = 2
x1_ = 3
_private = 4
