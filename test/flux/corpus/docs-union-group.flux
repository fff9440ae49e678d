union(tables: [a, b])
    |> group(columns: ["host"], mode: "by")
    |> count()
