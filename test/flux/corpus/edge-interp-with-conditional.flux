s = "status: ${if ok then "up" else "down"}"
