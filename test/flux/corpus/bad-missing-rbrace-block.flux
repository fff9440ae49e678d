f = () => {
    return 1
