s = "line1\n${x}\ttab \"quoted ${y}\" \${not} $z"
