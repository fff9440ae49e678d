import "array"
import "json"

array.from(rows: [{v: string(v: json.encode(v: bytes(v: "hi")))}])
