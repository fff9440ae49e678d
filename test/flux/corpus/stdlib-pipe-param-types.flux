package p


builtin anon : (<-: stream[A]) => stream[A]
builtin named : (<-tables: stream[A], fn: (r: A) => bool) => stream[A]
builtin nothing : () => {}
