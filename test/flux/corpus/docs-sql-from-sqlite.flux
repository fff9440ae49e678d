import "sql"

sql.from(driverName: "sqlite3", dataSourceName: "file:/path/to/test.db?cache=shared&mode=ro", query: "SELECT * FROM example_table")
