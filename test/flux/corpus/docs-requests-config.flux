import "http/requests"

option requests.defaultConfig = {requests.defaultConfig with insecureSkipVerify: true}

response = requests.get(url: "https://localhost:8086/health")
