import "http/requests"

config = {requests.defaultConfig with timeout: 5s}
response = requests.get(url: "https://example.com", config: config)
body = string(v: response.body)
