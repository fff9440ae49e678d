import "array"

array.from(rows: [{v: "db01" !~ /^server/}])
