import "a"
import b "b/c"
import "d/e/f"
x = 1
