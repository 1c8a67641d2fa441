"""ICAO 9303 machine-readable zones, written independently of ``workstation.documents``.

Only what the generator needs: check digits, name fields with truncation, TD3 and TD1 lines,
partial dates of birth (``<`` for unknown month or day).
"""

from __future__ import annotations

import re
import unicodedata

_WEIGHTS = (7, 3, 1)


def char_value(c: str) -> int:
    """The ICAO value of one MRZ character: digits as is, ``A``-``Z`` 10-35, ``<`` 0."""
    if c.isdigit():
        return int(c)
    if "A" <= c <= "Z":
        return ord(c) - ord("A") + 10
    if c == "<":
        return 0
    raise ValueError(f"not an MRZ character: {c!r}")


def check_digit(data: str) -> str:
    """The check digit (weights 7-3-1, modulo 10) of ``data`` as one character."""
    return str(sum(char_value(c) * _WEIGHTS[i % 3] for i, c in enumerate(data)) % 10)


def mrz_text(s: str) -> str:
    """Upper-case ``s`` and reduce it to MRZ characters (accents dropped, other marks to ``<``)."""
    s = unicodedata.normalize("NFKD", s)
    s = "".join(c for c in s if not unicodedata.combining(c)).upper()
    s = re.sub(r"[^A-Z0-9]+", "<", s.replace("'", ""))
    return s.strip("<")


def pad(s: str, n: int) -> str:
    """``s`` filled with ``<`` to ``n`` characters (truncated if longer)."""
    return (s + "<" * n)[:n]


def name_field(surname: str, given_names: str, width: int) -> tuple[str, bool]:
    """The name field ``PRIMARY<<SECONDARY`` of ``width`` characters and whether it was truncated.

    An empty ``surname`` gives the issuer variant with an empty primary identifier (``<<AHMADI``);
    an empty ``given_names`` gives ``AHMADI<<<...``.
    """
    primary = mrz_text(surname)
    secondary = mrz_text(given_names)
    full = primary + ("<<" + secondary if secondary else "") if primary else "<<" + secondary
    if len(full) <= width:
        return pad(full, width), False
    # Truncate the secondary identifier first, keep one character of each part if possible.
    if primary and len(primary) + 3 <= width:
        room = width - len(primary) - 2
        sec = secondary[:room].rstrip("<")
        return pad(primary + "<<" + sec, width), True
    return pad(full[:width].rstrip("<"), width), True


def yymmdd(year: int, month: int | None, day: int | None) -> str:
    """A date as ``YYMMDD`` with ``<<`` for an unknown month or day."""
    mm = f"{month:02d}" if month else "<<"
    dd = f"{day:02d}" if day else "<<"
    return f"{year % 100:02d}{mm}{dd}"


def td3(
    *,
    doc_type: str,
    issuing: str,
    surname: str,
    given_names: str,
    number: str,
    nationality: str,
    dob: str,
    sex: str,
    expiry: str,
    optional: str = "",
    empty_optional_check: str = "<",
) -> tuple[list[str], bool]:
    """The two 44-character TD3 lines and whether the name was truncated.

    ``dob`` and ``expiry`` are ``YYMMDD`` (``<`` allowed); ``sex`` is ``M``, ``F`` or ``<``.
    """
    names, truncated = name_field(surname, given_names, 39)
    line1 = pad(doc_type, 2) + pad(issuing, 3) + names
    num = pad(number, 9)
    opt = pad(optional, 14)
    opt_cd = check_digit(opt) if optional else empty_optional_check
    body = num + check_digit(num) + pad(nationality, 3) + dob + check_digit(dob) + sex + expiry + check_digit(expiry)
    body += opt + opt_cd
    composite_src = body[0:10] + body[13:20] + body[21:43]
    line2 = body + check_digit(composite_src)
    assert len(line1) == 44 and len(line2) == 44, (line1, line2)
    return [line1, line2], truncated


def td1(
    *,
    doc_type: str,
    issuing: str,
    number: str,
    optional1: str,
    dob: str,
    sex: str,
    expiry: str,
    nationality: str,
    optional2: str,
    surname: str,
    given_names: str,
) -> tuple[list[str], bool]:
    """The three 30-character TD1 lines and whether the name was truncated."""
    num = pad(number, 9)
    line1 = pad(doc_type, 2) + pad(issuing, 3) + num + check_digit(num) + pad(optional1, 15)
    line2 = dob + check_digit(dob) + sex + expiry + check_digit(expiry) + pad(nationality, 3) + pad(optional2, 11)
    composite_src = line1[5:30] + line2[0:7] + line2[8:15] + line2[18:29]
    line2 += check_digit(composite_src)
    line3, truncated = name_field(surname, given_names, 30)
    assert len(line1) == len(line2) == len(line3) == 30, (line1, line2, line3)
    return [line1, line2, line3], truncated


def td3_valid(lines: list[str]) -> dict[str, bool]:
    """Every check digit of a TD3 zone (used by the tests and by forgery variants)."""
    l2 = lines[1]

    def ok(data: str, cd: str, allow_empty: bool = False) -> bool:
        if allow_empty and cd == "<" and set(data) <= {"<"}:
            return True
        return check_digit(data) == cd

    return {
        "document_number": ok(l2[0:9], l2[9]),
        "date_of_birth": ok(l2[13:19], l2[19]),
        "expiry_date": ok(l2[21:27], l2[27]),
        "optional_data": ok(l2[28:42], l2[42], allow_empty=True),
        "composite": ok(l2[0:10] + l2[13:20] + l2[21:43], l2[43]),
    }


def td1_valid(lines: list[str]) -> dict[str, bool]:
    """Every check digit of a TD1 zone."""
    l1, l2 = lines[0], lines[1]
    return {
        "document_number": check_digit(l1[5:14]) == l1[14],
        "date_of_birth": check_digit(l2[0:6]) == l2[6],
        "expiry_date": check_digit(l2[8:14]) == l2[14],
        "composite": check_digit(l1[5:30] + l2[0:7] + l2[8:15] + l2[18:29]) == l2[29],
    }
