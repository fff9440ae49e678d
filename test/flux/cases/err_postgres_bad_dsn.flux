import "sql"
sql.from(driverName: "postgres", dataSourceName: "mysql://x", query: "SELECT 1")
