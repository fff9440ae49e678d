import "sql"
sql.from(driverName: "sqlite3", dataSourceName: ":memory:", query: "SELEC 1")
