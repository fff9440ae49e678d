import "http/requests"

response =
    requests.get(
        url: "http://example.com",
        params: ["start": ["100"], "interval": ["1h", "1d"]],
    )

requests.peek(response: response)
