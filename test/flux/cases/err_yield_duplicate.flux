import "array"
t = array.from(rows: [{a: 1}])
t |> yield(name: "x")
t |> yield(name: "x")
