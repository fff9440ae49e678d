import "sql"
import "influxdata/influxdb/secrets"

option task = {name: "pg-sync", every: 1h, offset: 5m}

user = secrets.get(key: "POSTGRES_USER")
pass = secrets.get(key: "POSTGRES_PASS")

sql.from(
    driverName: "postgres",
    dataSourceName: "postgresql://${user}:${pass}@localhost:5432/db?sslmode=disable",
    query: "SELECT * FROM t WHERE x = \"q\"",
)
    |> filter(fn: (r) => r.value > 1.5)
    |> to(bucket: "synced")
