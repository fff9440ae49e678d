import "array"

array.from(rows: [{v: string(v: bytes(v: "héllo"))}])
