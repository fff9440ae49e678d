x = a + b * c - d / e % f ^ g |> h() == i and not j or k
