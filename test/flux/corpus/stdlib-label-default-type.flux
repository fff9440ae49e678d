package universe


builtin sort : (<-tables: stream[A], ?columns: [string], ?desc: bool) => stream[A] where A: Record
builtin mean : (<-tables: stream[A], ?column: string) => stream[B] where A: Record, B: Record
