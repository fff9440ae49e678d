r = {a // key
: // sep
1}
