x = 1 +* / % ^ 2
#!/bin/flux
@@@
