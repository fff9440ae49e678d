import "sql"
sql.from(driverName: "mysql", dataSourceName: "u:p@tcp(127.0.0.1:3306)/db?allowAllFiles=true", query: "SELECT 1")
