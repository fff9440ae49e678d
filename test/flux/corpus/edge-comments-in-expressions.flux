x = 1 // c1
    + // c2
    2 // c3
    * // c4
    3

y = a // pipe comment
    |> // before call
    f()

z = if // c-if
    a // c-test
    then // c-then
    b // c-cons
    else // c-else
    c

m = r // dot comment
    .field

i = arr // index comment
    [0]

n = not // c-not
    x
