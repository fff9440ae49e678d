// opt
option // after option
  task = // eq
  {name: "x", every: 1h}
option // o
  pkg // p
  . // dot
  x = 1
