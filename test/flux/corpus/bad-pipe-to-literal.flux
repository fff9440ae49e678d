x = a |> 1
y = a |> (1)
z = a |> "s"
