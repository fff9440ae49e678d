import "array"

array.from(rows: [{v: "ABC" =~ /(?i)^abc$/}])
