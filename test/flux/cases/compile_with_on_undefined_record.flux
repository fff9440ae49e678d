x = {nope with a: 1}
