import "http"
x = http.post(url: "ftp://example.invalid/x")
