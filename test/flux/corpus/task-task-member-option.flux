import "http/requests"

option task = {name: "m", every: 1m}
option requests.defaultConfig = {timeout: 10s, insecureSkipVerify: false}
