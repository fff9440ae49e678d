import "array"

array.from(
    rows: [
        {_time: 2021-01-01T00:00:00Z, _value: "foo"},
        {_time: 2021-01-02T00:00:00Z, _value: "bar"},
    ],
)
