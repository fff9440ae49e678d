x = a |> 5
y = a |> b
z = a |> b.c
