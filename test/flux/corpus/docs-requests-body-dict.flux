import "http/requests"
import "dict"

response = requests.get(url: "http://example.com")
ct = dict.get(dict: response.headers, key: "Content-Type", default: [""])
