import "sql"
sql.from(driverName: "sqlite3", dataSourceName: "  ", query: "SELECT 1")
