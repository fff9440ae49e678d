import "array"

array.from(rows: [{v: display(v: bytes(v: "hi"))}])
