import "array"

array.from(rows: [{v: "server01" =~ /^server\d+$/}])
