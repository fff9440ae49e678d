import "sql"

data
    |> sql.to(
        driverName: "postgres",
        dataSourceName: "postgresql://user:password@localhost",
        table: "example_table",
        batchSize: 1000,
    )
