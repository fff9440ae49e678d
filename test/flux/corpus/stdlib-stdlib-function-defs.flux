package sampledata


import "array"

_data = [{_time: 2021-01-01T00:00:00Z, tag: "t1", _value: -2}]

int = (includeNull=false) => array.from(rows: _data) |> group(columns: ["tag"])

// float returns a stream of floats
float = (includeNull=false) =>
    int(includeNull: includeNull)
        |> toFloat()
