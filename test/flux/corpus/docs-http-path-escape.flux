import "http"

http.pathEscape(inputString: "/this/is/an/example-path.html")
