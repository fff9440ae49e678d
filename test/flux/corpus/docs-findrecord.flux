last = from(bucket: "b")
    |> range(start: -1d)
    |> last()
    |> findRecord(fn: (key) => true, idx: 0)

value = last._value
