import "array"
array.from(rows: [{a: 1}]) |> yield(name: "kept")
array.from(rows: [{b: 2}])
