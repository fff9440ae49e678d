package secrets


// get retrieves a secret from the InfluxDB secret store.
builtin get : (key: string) => string
