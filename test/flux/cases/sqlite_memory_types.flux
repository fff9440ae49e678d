import "sql"
sql.from(driverName: "sqlite3", dataSourceName: ":memory:", query: "SELECT 1 AS a, 'x' AS b, 2.5 AS c, NULL AS d")
