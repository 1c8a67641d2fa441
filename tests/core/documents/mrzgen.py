"""A tiny, independent TD3/TD1 writer for the MRZ tests (SPECIMEN data only)."""

from __future__ import annotations

W = (7, 3, 1)


def cd(s: str) -> str:
    v = 0
    for i, c in enumerate(s):
        n = int(c) if c.isdigit() else (ord(c) - 55 if c.isalpha() else 0)
        v += n * W[i % 3]
    return str(v % 10)


def pad(s: str, n: int) -> str:
    return (s + "<" * n)[:n]


def names(surname: str, given: str, width: int) -> str:
    p = surname.replace(" ", "<")
    g = given.replace(" ", "<")
    body = (p + "<<" + g) if g else p
    if not p:
        body = "<<" + g
    return pad(body, width)


def td3(surname: str, given: str, number: str, dob: str, sex: str, expiry: str, optional: str = "",
        state: str = "AFG", nat: str = "AFG") -> list[str]:
    l1 = "P<" + state + names(surname, given, 39)
    num = pad(number, 9)
    opt = pad(optional, 14)
    body = num + cd(num) + nat + dob + cd(dob) + sex + expiry + cd(expiry) + opt + (cd(opt) if optional else "<")
    return [l1, body + cd(body[0:10] + body[13:20] + body[21:43])]


def td1(surname: str, given: str, number: str, dob: str, sex: str, expiry: str, state: str = "AFG") -> list[str]:
    num = pad(number, 9)
    l1 = "ID" + state + num + cd(num) + pad("", 15)
    l2 = dob + cd(dob) + sex + expiry + cd(expiry) + state + pad("", 11)
    l2 += cd(l1[5:30] + l2[0:7] + l2[8:15] + l2[18:29])
    return [l1, l2, names(surname, given, 30)]
