f = (r) => { // open
    // inside
    x = r + 1 // stmt
    // before return
    return x // ret
    // before close
} // close
