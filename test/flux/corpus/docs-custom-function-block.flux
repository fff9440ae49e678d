square = (n) => {
    result = n * n

    return result
}

square(n: 3)
