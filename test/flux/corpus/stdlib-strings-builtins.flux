// Package strings provides functions to operate on UTF-8 encoded strings.
package strings


// trim removes leading and trailing characters.
builtin trim : (v: string, cutset: string) => string
builtin toUpper : (v: string) => string
builtin split : (v: string, t: string) => [string]
builtin joinStr : (arr: [string], v: string) => string
