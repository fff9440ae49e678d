a = { // brace
  r // src
  with // with
  x: 1 // val
}
