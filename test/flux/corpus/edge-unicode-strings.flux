s = "héllo wörld ✓ 日本語 🎉"
t = "emoji ${x} 🎉"
u = "\xe2\x9c\x93"
