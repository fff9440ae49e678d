// Task header
option task = {
    // the task's display name
    name: "commented", // trailing comment
    every: 1h, // hourly
    /* not a comment */
}
