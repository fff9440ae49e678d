import "array"

array.from(rows: [{v: "k=v" =~ /(?P<key>\w+)=(?P<val>\w+)/}])
