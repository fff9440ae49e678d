import "timezone"

option location = timezone.fixed(offset: -5h)
option task = {name: "tz", cron: "0 9 * * 1-5"}
