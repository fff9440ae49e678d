@registry("fluxlang.dev")
import "strings"

@a
import s2 "strings"
