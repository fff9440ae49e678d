package main_test


import "testing"
import "array"

testcase addition {
    got = array.from(rows: [{v: 1 + 1}])
    want = array.from(rows: [{v: 2}])

    testing.diff(got: got, want: want)
}
