package experimental


builtin addDuration : (d: duration, to: time, ?location: {zone: string, offset: duration}) => time
builtin subDuration : (d: duration, from: time, ?location: {zone: string, offset: duration}) => time
builtin group : (<-tables: stream[A], mode: string, columns: [string]) => stream[A] where A: Record

objectKeys = (o) => _objectKeys(o: o)
