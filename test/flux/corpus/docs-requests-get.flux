import "http/requests"

response = requests.get(url: "http://example.com")

requests.peek(response: response)
