import "sql"
sql.from(driverName: "sqlite3", dataSourceName: "../escape.db", query: "SELECT 1")
