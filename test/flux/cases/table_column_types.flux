import "array"
array.from(rows: [{s: "x", i: -1, u: uint(v: 2), f: 0.5, b: true, t: 2024-01-01T00:00:00.123Z}])
