import "pagerduty"
import "influxdata/influxdb/secrets"

key = secrets.get(key: "PAGERDUTY_ROUTING_KEY")

send = pagerduty.endpoint()

crit = data
    |> filter(fn: (r) => r._level == "crit")
    |> send(mapFn: (r) => ({routingKey: key, client: "ops", clientURL: "https://example.com", class: "cpu", eventAction: "trigger", group: r.host, severity: "critical", component: "system", source: r.host, summary: "CPU high", timestamp: string(v: r._time)}))
