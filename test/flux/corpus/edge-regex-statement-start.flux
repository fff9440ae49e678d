/abc/
/a b/ + 1
