import "array"
import "json"

array.from(rows: [{v: string(v: json.encode(v: {t: 2024-01-01T00:00:00Z, d: 90m}))}])
