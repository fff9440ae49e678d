import "http"

http.post(url: "http://localhost:9999/", headers: {x: "a", y: "b"}, data: bytes(v: "body"))
