// leading comment
import "strings" // after import

// before statement
x = // after equals
    1 // after value

f = ( // after lparen
    a, // after a
    b // after b
    ) // after rparen
    => // after arrow
    a + b

y = f( // in call
    a: 1, // first arg
    b: 2 // second arg
) // after call

r = { // lbrace
    a: 1, // comma
    b // no value
    // before rbrace
}

arr = [ // lbrack
    1, // one
    2 // two
    // before rbrack
]

d = [ // dict
    "a": 1, // one
    "b": 2
]
// trailing comment
