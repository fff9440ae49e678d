package universe_test


import "testing"

testcase filter_extended extends "flux/universe/universe_test.filter" {
    option testing.tags = ["skip"]

    super()
}
