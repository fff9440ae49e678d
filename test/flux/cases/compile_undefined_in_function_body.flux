f = () => nope
x = 1
