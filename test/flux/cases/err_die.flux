x = die(msg: "stop here")
