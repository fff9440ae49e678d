import "slack"
import "influxdata/influxdb/secrets"

token = secrets.get(key: "SLACK_TOKEN")

slack.message(
    url: "https://slack.com/api/chat.postMessage",
    token: token,
    channel: "#flux",
    text: "This is a message from the Flux slack.message() function.",
    color: "warning",
)
