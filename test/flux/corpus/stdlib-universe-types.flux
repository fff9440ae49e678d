package universe


builtin map : (<-tables: stream[A], fn: (r: A) => B, ?mergeKey: bool) => stream[B]
builtin reduce : (<-tables: stream[A], fn: (r: A, accumulator: B) => B, identity: B) => stream[C] where A: Record, B: Record, C: Record
builtin sum : (<-tables: stream[A], ?column: string) => stream[B] where A: Record, B: Record
builtin length : (<-arr: [A]) => int
builtin die : (msg: string) => A
builtin now : () => time
builtin group : (<-tables: stream[A], ?columns: [string], ?mode: string) => stream[A] where A: Record
