s = "outer ${ "inner ${ "deepest ${x}" }" } end"
