import "sql"
import "array"
array.from(rows: [{name: "a", n: 1, ok: true, at: 2024-01-01T00:00:00Z}, {name: "b", n: 2, ok: false, at: 2024-01-02T00:00:00Z}])
  |> sql.to(driverName: "sqlite3", dataSourceName: "file:cases.db", table: "roundtrip", batchSize: 5)
sql.from(driverName: "sqlite3", dataSourceName: "file:cases.db", query: "SELECT name, n, ok, at FROM roundtrip ORDER BY n") |> yield(name: "back")
