import "http"
x = http.endpoint(url: "http://x")
