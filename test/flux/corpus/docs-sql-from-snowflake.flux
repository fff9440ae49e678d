import "sql"
import "influxdata/influxdb/secrets"

username = secrets.get(key: "SNOWFLAKE_USER")
password = secrets.get(key: "SNOWFLAKE_PASS")
account = secrets.get(key: "SNOWFLAKE_ACCT")

sql.from(
    driverName: "snowflake",
    dataSourceName: "${username}:${password}@${account}/db/exampleschema?warehouse=wh",
    query: "SELECT * FROM example_table",
)
