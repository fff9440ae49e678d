import "sql"
import "influxdata/influxdb/secrets"

pass = secrets.get(key: "MYSQL_PASS")

sql.from(
    driverName: "mysql",
    dataSourceName: "user:${pass}@tcp(localhost:3306)/db",
    query: "SELECT id, name FROM users WHERE active = 1",
)
