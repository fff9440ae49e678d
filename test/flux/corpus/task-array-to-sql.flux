import "array"
import "sql"
import "influxdata/influxdb/secrets"

option task = {name: "array-to-sql", every: 1d}

dsn = secrets.get(key: "DSN")

array.from(rows: [{name: "a", value: 1}, {name: "b", value: 2}])
    |> sql.to(driverName: "postgres", dataSourceName: dsn, table: "values")
