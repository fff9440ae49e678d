import "http"

endpoint = http.endpoint(url: "http://localhost:1234/")
