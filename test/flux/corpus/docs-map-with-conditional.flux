data
    |> map(
        fn: (r) => ({r with
            level: if r._value >= 95.0 then "critical" else if r._value >= 80.0 then "warning" else "normal",
        }),
    )
