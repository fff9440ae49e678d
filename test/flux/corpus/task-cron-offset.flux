option task = {
    name: "cron with offset",
    cron: "*/15 * * * *",
    offset: 30s,
}
