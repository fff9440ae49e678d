import "sql"
sql.from(driverName: "oracle", dataSourceName: "x", query: "SELECT 1")
