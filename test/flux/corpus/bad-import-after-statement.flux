x = 1
import "strings"
