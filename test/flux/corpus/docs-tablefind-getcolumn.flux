t = data |> tableFind(fn: (key) => key._field == "usage")
vals = t |> getColumn(column: "_value")
first = vals[0]
