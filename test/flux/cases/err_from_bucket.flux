from(bucket: "telegraf") |> yield()
