import "sql"
sql.from(driverName: "snowflake", dataSourceName: "x", query: "SELECT 1")
