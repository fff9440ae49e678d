import "array"

array.from(rows: [{v: "a/b" =~ /^a\/b$/}])
