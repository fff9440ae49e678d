return
return 1
