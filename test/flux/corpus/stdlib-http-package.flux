package http


import "experimental"

builtin post : (url: string, ?headers: A, ?data: bytes) => int where A: Record
builtin basicAuth : (u: string, p: string) => string
endpoint = (url) => (mapFn) => (tables=<-) => tables
    |> map(fn: (r) => {
        obj = mapFn(r: r)

        return {r with _sent: string(v: 200 == post(url: url, headers: obj.headers, data: obj.data))}
    })
