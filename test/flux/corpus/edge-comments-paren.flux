x = ( // open
 1 + 2 // inside
) // close
