s = "${r.a} and ${r["b c"]} and ${arr[0]}"
