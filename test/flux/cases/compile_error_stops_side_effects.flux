x = die(msg: "this must not run")
y = typo
