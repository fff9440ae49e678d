package types


builtin a : {A with x: int, y: string}
builtin b : {}
builtin c : {"quoted key": int, plain: float}
builtin d : (r: {A with _value: B}) => {A with _value: B, ok: bool} where B: Numeric + Comparable
