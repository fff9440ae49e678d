import
import 1
import a b
import "ok"
