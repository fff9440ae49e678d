import "array"
array.from(rows: [{s: "a,b"}, {s: "say \"hi\""}, {s: "two\nlines"}, {s: " lead"}, {s: ""}])
