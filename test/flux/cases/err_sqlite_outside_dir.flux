import "sql"
sql.from(driverName: "sqlite3", dataSourceName: "file:/etc/passwd", query: "SELECT 1")
