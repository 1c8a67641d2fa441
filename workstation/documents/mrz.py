"""ICAO 9303 machine-readable zones: parsing, check digits and check-digit-proven repair.

Pure text processing, no OCR: the lines come from :mod:`workstation.documents.mrz_reader`
(or a test). The parser is written for OCR output, so it

* normalises filler runs (the stock English model reads OCR-B ``<`` runs as ``K``, ``X``,
  ``L``, ``«``...) by position and context, never by blind substitution;
* repairs the usual OCR confusions (O/0, I/1, S/5, Z/2, B/8, G/6, D/0, Q/0) only when the
  field's check digit *and* the composite check digit prove exactly one candidate; every
  repair is recorded, an ambiguous field is flagged and left as read;
* accepts partly unknown dates of birth (``80<<<<`` is ``1980``), sex ``<``, single names
  with or without an empty primary identifier, and truncated names;
* infers the century of two-digit years from the expiry date and a plausible age.

A failed check is data (``MrzResult.checks``), never an exception.
"""

from __future__ import annotations

import itertools
import logging
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date

log = logging.getLogger(__name__)

MRZ_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789<"
_WEIGHTS = (7, 3, 1)

#: Letter <-> digit confusions of OCR on OCR-B (both directions are tried in alphanumeric fields).
CONFUSIONS: dict[str, str] = {
    "O": "0",
    "I": "1",
    "S": "5",
    "Z": "2",
    "B": "8",
    "G": "6",
    "D": "0",
    "Q": "0",
}
#: Digit -> letters it may have been read from.
_DIGIT_TO_LETTERS: dict[str, str] = {}
for _letter, _digit in CONFUSIONS.items():
    _DIGIT_TO_LETTERS[_digit] = _DIGIT_TO_LETTERS.get(_digit, "") + _letter
#: Where a letter can only be a letter (names, state codes), digits become these letters.
_DIGIT_AS_LETTER = {"0": "O", "1": "I", "5": "S", "2": "Z", "8": "B", "6": "G"}
#: Characters OCR produces for an OCR-B filler ``<``.
FILLER_LOOKALIKES = frozenset("KXLCE<«‹([{")
#: Letters OCR scatters over the filler run at the end of a name field (``KKSKEEKS``); after three
#: real fillers in a row (which never occur inside names) groups made only of these are fillers.
_TAIL_JUNK = frozenset("KXLCESI«‹([{")
#: Misread filler letters frequent enough to be trusted as separators inside a name when repeated.
_SEPARATOR_MISREADS = frozenset("KX")
#: Letters OCR reads for the ``P`` that opens a passport zone (TD3 codes begin P or V only).
_P_LOOKALIKES = frozenset("FRBD")

LINE_LENGTHS = {"TD1": 30, "TD2": 36, "TD3": 44}
LINE_COUNTS = {"TD1": 3, "TD2": 2, "TD3": 2}

#: Plausible bounds for century inference.
MAX_AGE_YEARS = 120
MAX_VALIDITY_YEARS = 30


# --------------------------------------------------------------------------------------------
# Values
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class MrzRepair:
    """One character changed by the parser, with its proof.

    Attributes:
        field: Name of the MRZ field (``document_number``, ``date_of_birth``, ``names``...).
        line: 0-based line of the zone.
        position: 0-based column in that line.
        original: Character as read.
        replacement: Character written instead.
        proof: Why the change is certain: ``check_digit`` (field and composite check digits fit
            exactly one candidate), ``charset`` (a digit where only letters are allowed, or a
            letter where only digits are allowed) or ``filler`` (a filler run read as letters).
    """

    field: str
    line: int
    position: int
    original: str
    replacement: str
    proof: str

    def as_dict(self) -> dict[str, object]:
        """A JSON-ready mapping."""
        return {
            "field": self.field,
            "line": self.line,
            "position": self.position,
            "from": self.original,
            "to": self.replacement,
            "proof": self.proof,
        }


@dataclass(frozen=True)
class MrzResult:
    """A parsed machine-readable zone.

    Attributes:
        format: ``TD1``, ``TD2`` or ``TD3``.
        lines: The zone after normalisation and proven repairs.
        raw_lines: The lines as given (spaces removed, upper-cased).
        document_code: ``P``, ``I``, ``ID``... (fillers removed).
        issuing_state: Three-letter code (fillers removed).
        surname: Primary identifier, parts separated by spaces (may be empty).
        given_names: Secondary identifier, parts separated by spaces (may be empty).
        document_number: Without filler characters.
        nationality: Three-letter code (fillers removed).
        date_of_birth: ISO date, ``YYYY-MM`` or ``YYYY`` when partly unknown, empty when unknown
            or unreadable.
        sex: ``M``, ``F`` or ``X`` (unspecified, ``<`` in the zone).
        expiry_date: ISO date, empty when unreadable.
        optional_data: Optional/personal-number field(s), fillers removed.
        checks: Outcome of each check digit (``document_number``, ``date_of_birth``,
            ``expiry_date``, ``optional_data`` where the format has one, ``composite``).
        repairs: Every character changed, with its proof.
        warnings: Human-readable notes (ambiguous repair, truncated name, impossible date...).
        names_truncated: The name field is full; the names may be cut short.
        sources: Which OCR read gave each field (``document_number`` -> ``ocrb``; ``ocrb+eng``
            when both read the same value); empty when not recorded.
    """

    format: str
    lines: tuple[str, ...]
    raw_lines: tuple[str, ...]
    document_code: str
    issuing_state: str
    surname: str
    given_names: str
    document_number: str
    nationality: str
    date_of_birth: str
    sex: str
    expiry_date: str
    optional_data: str
    checks: dict[str, bool] = field(default_factory=dict)
    repairs: tuple[MrzRepair, ...] = ()
    warnings: tuple[str, ...] = ()
    names_truncated: bool = False
    sources: dict[str, str] = field(default_factory=dict)

    @property
    def valid(self) -> bool:
        """Every check digit holds and the dates are real dates."""
        return bool(self.checks) and all(self.checks.values()) and not any(
            w.startswith(("impossible", "ambiguous reading")) for w in self.warnings
        )

    @property
    def plausible(self) -> bool:
        """Valid, and the parts no check digit covers look like a zone too.

        Codes are letters, sex is readable, and the names are not OCR debris (a group made only
        of filler look-alikes such as ``ELEKEEEE``): a garbled first line with a clean second
        line passes every check digit, so validity alone does not prove the read.
        """
        if not self.valid or not self.sex:
            return False
        if not (self.issuing_state.isalpha() and self.nationality.isalpha()):
            return False
        if not self.document_code[:1].isalpha():
            return False
        words = (self.surname + " " + self.given_names).split()
        if not words:
            return False
        return not any(len(w) >= 4 and set(w) <= _TAIL_JUNK for w in words)

    def as_dict(self) -> dict[str, object]:
        """The ``mrz`` object of ``workstation read --json`` (ARCHITECTURE.md 4.2)."""
        out: dict[str, object] = {
            "format": self.format,
            "lines": list(self.lines),
            "valid": self.valid,
            "checks": dict(self.checks),
            "repairs": [r.as_dict() for r in self.repairs],
            "warnings": list(self.warnings),
        }
        if self.sources:
            out["sources"] = dict(self.sources)
        return out


# --------------------------------------------------------------------------------------------
# Check digits and dates
# --------------------------------------------------------------------------------------------


def char_value(c: str) -> int:
    """The ICAO value of an MRZ character: digits as is, ``A``-``Z`` 10-35, ``<`` 0.

    Raises:
        ValueError: ``c`` is not an MRZ character.
    """
    if "0" <= c <= "9":
        return ord(c) - 48
    if "A" <= c <= "Z":
        return ord(c) - 55
    if c == "<":
        return 0
    raise ValueError(f"not an MRZ character: {c!r}")


def check_digit(data: str) -> str:
    """The ICAO 9303 check digit (weights 7-3-1, modulo 10) of ``data``, as one character."""
    return str(sum(char_value(c) * _WEIGHTS[i % 3] for i, c in enumerate(data)) % 10)


def _check_ok(data: str, cd: str, *, empty_may_be_filler: bool = False) -> bool:
    if any(c not in MRZ_ALPHABET for c in data):
        return False
    if empty_may_be_filler and cd == "<" and set(data) <= {"<"}:
        return True
    return cd.isdigit() and check_digit(data) == cd


def _date_shape_ok(yymmdd: str) -> bool:
    """Whether ``yymmdd`` can be a (partly unknown) date: ``YYMMDD``, ``YYMM<<``, ``YY<<<<``."""
    if len(yymmdd) != 6 or not yymmdd[:2].isdigit():
        return False
    mm, dd = yymmdd[2:4], yymmdd[4:6]
    if mm == "<<":
        return dd == "<<"
    if not mm.isdigit() or not 1 <= int(mm) <= 12:
        return False
    if dd == "<<":
        return True
    return dd.isdigit() and 1 <= int(dd) <= 31


def _real_date(year: int, yymmdd: str) -> bool:
    mm, dd = yymmdd[2:4], yymmdd[4:6]
    if not (mm.isdigit() and dd.isdigit()):
        return True
    try:
        date(year, int(mm), int(dd))
    except ValueError:
        return False
    return True


def _iso(year: int, yymmdd: str) -> str:
    mm, dd = yymmdd[2:4], yymmdd[4:6]
    if not mm.isdigit():
        return f"{year:04d}"
    if not dd.isdigit():
        return f"{year:04d}-{mm}"
    return f"{year:04d}-{mm}-{dd}"


def expiry_year(yy: int, today: date) -> int:
    """Four-digit expiry year: the century that puts it at most 30 years after ``today``."""
    year = 2000 + yy
    return year if year <= today.year + MAX_VALIDITY_YEARS else 1900 + yy


def birth_year(yy: int, today: date, expiry: int | None = None) -> int:
    """Four-digit birth year: the latest century that is not in the future nor after expiry.

    A birth in the 2000s is accepted only when it is not after ``today`` and before the expiry
    year; otherwise the 1900s are taken (an age of up to 120 years is plausible).
    """
    recent = 2000 + yy
    limit = today.year if expiry is None else min(today.year, expiry)
    if recent <= limit:
        return recent
    return 1900 + yy


# --------------------------------------------------------------------------------------------
# Field repair engine
# --------------------------------------------------------------------------------------------

_NUM, _ALNUM, _DATE, _ALPHA = "num", "alnum", "date", "alpha"


def _allowed(c: str, kind: str) -> bool:
    if kind == _NUM:
        return c.isdigit()
    if kind == _DATE:
        return c.isdigit() or c == "<"
    if kind == _ALPHA:
        return ("A" <= c <= "Z") or c == "<"
    return c in MRZ_ALPHABET


def _alternatives(c: str, kind: str) -> tuple[str, ...]:
    """Characters ``c`` may have been misread from, allowed for ``kind`` (``c`` itself excluded)."""
    alts: list[str] = []
    if c in CONFUSIONS:
        alts.append(CONFUSIONS[c])
    if c in _DIGIT_TO_LETTERS:
        alts.extend(_DIGIT_TO_LETTERS[c])
    if c in FILLER_LOOKALIKES and c != "<":
        alts.append("<")
    return tuple(a for a in alts if a != c and _allowed(a, kind))


@dataclass(frozen=True)
class _Slot:
    """A stretch of one line validated by a check digit: data positions plus the check position."""

    name: str
    line: int
    start: int
    end: int  # exclusive, data only
    check: int  # column of the check digit
    kind: str
    empty_may_be_filler: bool = False


def _visible(a: str, b: str) -> bool:
    """Whether swapping ``a`` for ``b`` changes a 7-3-1 check digit at every weight.

    ``G``/``6`` (16 vs 6) and ``K``/``<`` (20 vs 0) differ by a multiple of ten: no check digit
    can prove or disprove such a swap, so it is never a check-digit repair.
    """
    return (char_value(a) - char_value(b)) % 10 != 0


def _optional_alternatives(data: str, i: int, kind: str, *, letter_prefix: bool = False) -> tuple[str, ...]:
    """Confusion alternatives of ``data[i]`` that its context makes plausible.

    A letter may be a misread digit when it sits between digits (or ends the field after two
    digits); never in first place, where issuers put letter prefixes. A digit may be a misread
    letter only between letters that are not themselves confusable (or first, before one). Swaps that no check digit can see,
    and fillers (handled by context), are excluded. Outside this model nothing is repaired.
    """
    c = data[i]
    if kind != _ALNUM:
        return ()
    n = len(data.rstrip("<"))
    if i >= n:
        return ()

    def at(j: int) -> str:
        return data[j] if 0 <= j < n else ""

    out = []
    for a in _alternatives(c, kind):
        if a == "<" or not _visible(a, c):
            continue
        if a.isdigit():
            # Not next to the first character unless that is a letter OCR does not turn into a
            # digit (``RO0778184``): a prefix letter may itself have been read as a digit.
            left_ok = at(i - 1).isdigit() and i > 1 or (i == 1 and at(0).isalpha() and at(0) not in CONFUSIONS)
            interior = 0 < i < n - 1 and left_ok and at(i + 1).isdigit()
            last = i == n - 1 and i >= 2 and at(i - 1).isdigit() and at(i - 2).isdigit()
            if interior or last:
                out.append(a)
        else:
            # Neighbours must be letters OCR does not confuse with digits, or the context is moot.
            def firm(x: str) -> bool:
                return x.isalpha() and x not in CONFUSIONS

            interior = 0 < i < n - 1 and firm(at(i - 1)) and firm(at(i + 1))
            # First place: issuers put a letter prefix before digits (``O1856556``).
            first = i == 0 and (firm(at(1)) or (letter_prefix and at(1).isdigit()))
            if interior or first:
                out.append(a)
    return tuple(out)


def _suspect_alternatives(data: str, i: int, kind: str, *, letter_prefix: bool = False) -> tuple[str, ...]:
    """Confusion alternatives of ``data[i]`` when its place makes a second misread possible.

    Not used to pick a repair but to make sure one is unique. The context model of
    :func:`_optional_alternatives` trusts the neighbours of a character, and a neighbour may be
    the other half of a double misread: ``QA000000`` read ``0AO00000`` fits its check digits
    after ``0 -> O`` alone, because the misread ``O`` hides the two-letter prefix. Suspect are a
    character in a short run (one or two) of letters among digits or digits among letters
    (``ZB`` in ``EO79764ZB``), and the first two characters of a number (issuers' letter
    prefixes have one or two letters, and both may be read as digits). A repair counts as
    proven only when no reading using these confusions as well fits the check digits.
    Characters inside longer runs of their own kind stay trusted: within two confusions at any
    place at all, a single mod-10 check digit would leave almost every repair ambiguous.
    """
    if kind != _ALNUM:
        return ()
    n = len(data.rstrip("<"))
    if i >= n:
        return ()
    c = data[i]
    alts = tuple(a for a in _alternatives(c, kind) if a != "<" and _visible(a, c))
    if not alts:
        return ()
    if letter_prefix and i <= 1:
        return alts
    digit = c.isdigit()
    a = i
    while a > 0 and data[a - 1] != "<" and data[a - 1].isdigit() == digit:
        a -= 1
    b = i + 1
    while b < n and data[b] != "<" and data[b].isdigit() == digit:
        b += 1
    touches = (a > 0 and data[a - 1] != "<") or (b < n and data[b] != "<")
    return alts if touches and b - a <= 2 else ()


def _candidates(text: str, slot: _Slot, max_changes: int) -> list[tuple[str, str, int, bool]]:
    """Every reading of ``slot`` within the confusion model that passes its check digit.

    Forced changes (characters not allowed in the field: ``O`` in a date) are always made and not
    counted; up to ``max_changes`` optional confusions are tried on top. All fitting readings are
    returned as ``(data, check digit, optional changes, in_context)``, so that the caller can
    insist on exactly one: ``in_context`` is false for a reading that needs a confusion only
    :func:`_suspect_alternatives` allows (such a reading is never chosen, it only makes another
    one ambiguous).
    """
    data = text[slot.start : slot.end]
    cd = text[slot.check]
    check_kind = _NUM if not slot.empty_may_be_filler else _DATE
    forced: list[tuple[str, ...]] = []
    for c in data:
        forced.append((c,) if _allowed(c, slot.kind) else _alternatives(c, slot.kind))
    forced.append((cd,) if _allowed(cd, check_kind) else _alternatives(cd, check_kind))
    if any(not f for f in forced):
        return []

    def ok(chars: Sequence[str]) -> bool:
        d, c = "".join(chars[:-1]), chars[-1]
        if not _check_ok(d, c, empty_may_be_filler=slot.empty_may_be_filler):
            return False
        return slot.kind != _DATE or _date_shape_ok(d)

    found: dict[tuple[str, str], tuple[int, bool]] = {}
    for base in itertools.product(*forced):
        base_data = "".join(base[:-1])
        optional: list[tuple[int, tuple[str, ...], frozenset[str]]] = []
        for i in range(len(base_data)):
            ctx = _optional_alternatives(base_data, i, slot.kind, letter_prefix=slot.name == "document_number")
            wide = tuple(dict.fromkeys(ctx + _suspect_alternatives(base_data, i, slot.kind, letter_prefix=slot.name == "document_number")))
            if wide:
                optional.append((i, wide, frozenset(ctx)))
        for n in range(0, max_changes + 1):
            for combo in itertools.combinations(optional, n):
                for repl in itertools.product(*(alts for _, alts, _ in combo)):
                    chars = list(base)
                    for (i, _, _), r in zip(combo, repl, strict=True):
                        chars[i] = r
                    if ok(chars):
                        key = ("".join(chars[:-1]), chars[-1])
                        in_ctx = all(r in c for (_, _, c), r in zip(combo, repl, strict=True))
                        prev = found.get(key)
                        if prev is None or (n, not in_ctx) < (prev[0], not prev[1]):
                            found[key] = (n, in_ctx)
    return sorted((d, c, n, ctx) for (d, c), (n, ctx) in found.items())


# --------------------------------------------------------------------------------------------
# Line clean-up
# --------------------------------------------------------------------------------------------


def clean_line(raw: str) -> str:
    """Upper-case, drop spaces, turn guillemets into fillers; other characters are kept for repair."""
    s = raw.strip().upper().replace(" ", "").replace("\t", "")
    s = s.replace("«", "<<").replace("»", "<<").replace("‹", "<").replace("›", "<")
    return s


def _letters_then_fillers(run: str) -> bool:
    """``run`` is name-like letter groups, then real fillers.

    Three identical letters in a row (``KKKK<<<``; no name has them) are still misread fillers.
    """
    body = run.rstrip("<")
    tail = len(run) - len(body)
    groups = [g for g in body.split("<") if g]
    if not groups or tail < 1:
        return False
    return not any(g[k] == g[k + 1] == g[k + 2] for g in groups for k in range(len(g) - 2))


def _trailing_filler_start(s: str, start: int) -> tuple[int, str | None]:
    """Start of the trailing filler run of ``s[start:]`` and the letter OCR made of the fillers.

    The run is the longest suffix of filler look-alikes. When OCR misread fillers as a letter
    ``M`` repeated at least three times, the run may begin with ``M`` or ``<``; a different look-alike
    just before the run (``S`` in ``...ANNASKKKK``) belongs to the name. Without such evidence
    only the real ``<`` at the end are fillers.
    """
    i = len(s)
    while i > start and s[i - 1] in FILLER_LOOKALIKES:
        i -= 1
    run = s[i:]
    if _letters_then_fillers(run):
        # Letters, then only real fillers: OCR saw the fillers, so the letters are the name's.
        return i + len(run.rstrip("<")), None
    counts = Counter(c for c in run if c != "<")
    misread: str | None = None
    if counts:
        top = max(counts.values())
        # On a tie, the letter that ends the line is the misread filler.
        letter = s[-1] if counts.get(s[-1]) == top else counts.most_common(1)[0][0]
        n = counts[letter]
        if n >= 3:
            misread = letter
    if misread is None:
        # No evidence of misreading: only the real fillers at the end are fillers.
        return max(start, len(s.rstrip("<"))), None
    j = len(s)
    while j > i and s[j - 1] in {"<", misread}:
        j -= 1
    return j, misread


@dataclass
class _Work:
    """Mutable scratch state while one zone is parsed."""

    lines: list[str]
    repairs: list[MrzRepair] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def set(self, line: int, pos: int, new: str, field_name: str, proof: str) -> None:
        old = self.lines[line][pos]
        if old == new:
            return
        self.lines[line] = self.lines[line][:pos] + new + self.lines[line][pos + 1 :]
        self.repairs.append(MrzRepair(field_name, line, pos, old, new, proof))


def _normalise_alpha(work: _Work, line: int, start: int, end: int, field_name: str) -> None:
    """Letters-only stretch (state codes): digits become letters, look-alikes next to fillers ``<``."""
    for pos in range(start, end):
        c = work.lines[line][pos]
        if c in _DIGIT_AS_LETTER:
            work.set(line, pos, _DIGIT_AS_LETTER[c], field_name, "charset")
        elif not _allowed(c, _ALPHA):
            work.set(line, pos, "<", field_name, "filler")


def _normalise_names(work: _Work, line: int, start: int, end: int) -> str | None:
    """Name field: trailing filler run, misread ``<<`` separators, digits in names.

    Returns the letter OCR made of the fillers, when it did so repeatedly.
    """
    s = work.lines[line]
    run_start, misread = _trailing_filler_start(s[:end], start)
    # Three real fillers in a row never occur inside names: whatever follows them is filler
    # (OCR scatters K/E/X over long filler runs: ``AHMAD<<<<<K<KK<<E<``).
    triple = s.find("<<<", start + 1, end)
    if triple >= 0:
        tail_groups = [g for g in s[triple:end].split("<") if g]
        if all(set(g) <= _TAIL_JUNK or any(c.isdigit() for c in g) for g in tail_groups):
            # The names end at the first triple filler, also when the misread-letter suffix
            # reached further back (``WARDAK<<<<K<<KKKK`` keeps its K).
            run_start = triple
            # A lone look-alike right before the run (``HASHIM<K<<<``) is a filler too.
            if triple - 2 >= start and s[triple - 1] in _TAIL_JUNK and s[triple - 2] == "<":
                run_start = triple - 1
    for pos in range(run_start, end):
        if s[pos] != "<":
            work.set(line, pos, "<", "names", "filler")
    s = work.lines[line]
    if misread in _SEPARATOR_MISREADS:
        # Repeated misread fillers inside the names are separators (``ERIKSSONKKANNA``).
        pos = start
        while pos < run_start:
            if s[pos] == misread:
                j = pos
                while j < run_start and s[j] == misread:
                    j += 1
                if j - pos >= 2:
                    for k in range(pos, j):
                        work.set(line, k, "<", "names", "filler")
                pos = j
            else:
                pos += 1
    for pos in range(start, end):
        c = work.lines[line][pos]
        if c in _DIGIT_AS_LETTER:
            work.set(line, pos, _DIGIT_AS_LETTER[c], "names", "charset")
        elif not _allowed(c, _ALPHA):
            work.set(line, pos, "<", "names", "filler")
    return misread


def _normalise_sparse_fillers(work: _Work, slot: _Slot) -> None:
    """A field that is mostly fillers (>= 70 % ``<``): scattered look-alike letters are fillers too."""
    s = work.lines[slot.line]
    data = s[slot.start : slot.end]
    if data.count("<") < 0.7 * len(data):
        return
    for k, c in enumerate(data):
        if c != "<" and c in FILLER_LOOKALIKES:
            work.set(slot.line, slot.start + k, "<", slot.name, "filler")


def _normalise_padding(work: _Work, slot: _Slot, misread: str | None) -> None:
    """Trailing padding of an alphanumeric field read as letters (``ZE184226BKKKKK``).

    ``K`` (value 20) and ``<`` (value 0) weigh the same modulo 10, so no check digit can see
    this misreading: it is undone by context only, when the names' filler run showed the same
    misread letter, or when the field ends in a run of at least two identical look-alikes.
    """
    s = work.lines[slot.line]
    i = slot.end
    while i > slot.start and s[i - 1] in FILLER_LOOKALIKES:
        i -= 1
    run = s[i : slot.end]
    letters = {c for c in run if c != "<"}
    if not letters or run.endswith("<"):
        # OCR read the last fillers right, so the letters before them are the number's own.
        return
    if misread is not None and letters <= {misread}:
        pass
    elif len(letters) == 1 and sum(1 for c in run if c != "<") >= 2:
        # Skip a lone leading look-alike that may belong to the number itself.
        letter = next(iter(letters))
        while i < slot.end and s[i] != letter and s[i] != "<":
            i += 1
    else:
        return
    for pos in range(i, slot.end):
        if s[pos] != "<":
            work.set(slot.line, pos, "<", slot.name, "filler")


def parse_names(field_text: str) -> tuple[str, str, bool]:
    """Split a name field into ``(surname, given_names, truncated)``.

    ``ERIKSSON<<ANNA<MARIA<<<`` gives ``("ERIKSSON", "ANNA MARIA", False)``; a single name
    ``AHMADI<<<<`` gives ``("AHMADI", "", False)`` and the issuer variant with an empty primary
    identifier ``<<AHMADI<<`` gives ``("", "AHMADI", False)``. A field with no trailing filler is
    reported as possibly truncated.
    """
    truncated = not field_text.endswith("<")
    body = field_text.rstrip("<")
    if "<<" in body:
        primary, secondary = body.split("<<", 1)
    else:
        primary, secondary = body, ""
    surname = " ".join(p for p in primary.split("<") if p)
    given = " ".join(p for p in secondary.split("<") if p)
    return surname, given, truncated


# --------------------------------------------------------------------------------------------
# Layouts
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Layout:
    """Where every field sits in one format."""

    format: str
    code: tuple[int, int, int]  # line, start, end
    state: tuple[int, int, int]
    names: tuple[int, int, int]
    nationality: tuple[int, int, int]
    sex: tuple[int, int]
    slots: tuple[_Slot, ...]
    composite: tuple[tuple[tuple[int, int, int], ...], tuple[int, int]]  # ranges, (line, col)


_TD3 = _Layout(
    format="TD3",
    code=(0, 0, 2),
    state=(0, 2, 5),
    names=(0, 5, 44),
    nationality=(1, 10, 13),
    sex=(1, 20),
    slots=(
        _Slot("document_number", 1, 0, 9, 9, _ALNUM),
        _Slot("date_of_birth", 1, 13, 19, 19, _DATE),
        _Slot("expiry_date", 1, 21, 27, 27, _DATE),
        _Slot("optional_data", 1, 28, 42, 42, _ALNUM, empty_may_be_filler=True),
    ),
    composite=(((1, 0, 10), (1, 13, 20), (1, 21, 43)), (1, 43)),
)
_TD2 = _Layout(
    format="TD2",
    code=(0, 0, 2),
    state=(0, 2, 5),
    names=(0, 5, 36),
    nationality=(1, 10, 13),
    sex=(1, 20),
    slots=(
        _Slot("document_number", 1, 0, 9, 9, _ALNUM),
        _Slot("date_of_birth", 1, 13, 19, 19, _DATE),
        _Slot("expiry_date", 1, 21, 27, 27, _DATE),
    ),
    composite=(((1, 0, 10), (1, 13, 20), (1, 21, 35)), (1, 35)),
)
_TD1 = _Layout(
    format="TD1",
    code=(0, 0, 2),
    state=(0, 2, 5),
    names=(2, 0, 30),
    nationality=(1, 15, 18),
    sex=(1, 7),
    slots=(
        _Slot("document_number", 0, 5, 14, 14, _ALNUM),
        _Slot("date_of_birth", 1, 0, 6, 6, _DATE),
        _Slot("expiry_date", 1, 8, 14, 14, _DATE),
    ),
    composite=(((0, 5, 30), (1, 0, 7), (1, 8, 15), (1, 18, 29)), (1, 29)),
)
LAYOUTS = {"TD1": _TD1, "TD2": _TD2, "TD3": _TD3}


def _whole_zone_layout(lines: Sequence[str]) -> _Layout | None:
    """The layout of ``lines`` when they are a whole TD1, TD2 or TD3 zone, else ``None``."""
    layout = {(3, 30): _TD1, (2, 36): _TD2, (2, 44): _TD3}.get((len(lines), len(lines[0]) if lines else 0))
    if layout is None or any(len(s) != len(lines[0]) for s in lines):
        return None
    return layout


def date_field_text(lines: Sequence[str], name: str) -> str | None:
    """The zone's ``name`` date (``date_of_birth``, ``expiry_date``) with its check digit, as ``lines`` hold
    them; ``None`` when the lines are not a whole TD1, TD2 or TD3 zone or ``name`` is no date of it."""
    layout = _whole_zone_layout(lines)
    if layout is None:
        return None
    slot = next((s for s in layout.slots if s.name == name and s.kind == _DATE), None)
    return None if slot is None else lines[slot.line][slot.start:slot.check + 1]


def name_field_text(lines: Sequence[str]) -> str | None:
    """The zone's name field as ``lines`` hold it; ``None`` when they are not a whole TD1, TD2 or TD3 zone."""
    layout = _whole_zone_layout(lines)
    if layout is None:
        return None
    ln, a, b = layout.names
    return lines[ln][a:b]


def number_mends_zone(lines: Sequence[str], number: str) -> bool:
    """Whether ``number`` in the place of the zone's document number makes every check digit hold,
    where it differs from the number as read only by characters OCR confuses (``O`` for ``0`` ...).

    The number an independent source gives (the applicant record) that the zone's own arithmetic
    proves: the zone was misread there (its ``O`` read as ``0``), not altered.
    """
    layout = _whole_zone_layout(lines)
    if layout is None:
        return False
    slot = next(s for s in layout.slots if s.name == "document_number")
    width = slot.end - slot.start
    want = clean_line(number)
    if not want or len(want) > width:
        return False
    want = want.ljust(width, "<")
    read = lines[slot.line][slot.start:slot.end]
    if want == read or any(a != b and CONFUSIONS.get(a) != b and CONFUSIONS.get(b) != a
                           for a, b in zip(read, want, strict=True)):
        return False
    mended = list(lines)
    mended[slot.line] = lines[slot.line][:slot.start] + want + lines[slot.line][slot.end:]
    r = parse_mrz(mended, fmt=layout.format, max_changes=0)
    return r is not None and r.valid


def check_digit_char(lines: Sequence[str], name: str) -> str | None:
    """The character in the place of the zone's ``name`` check digit (a slot's name or ``composite``), as
    ``lines`` hold it; ``None`` when the lines are not a whole TD1, TD2 or TD3 zone or it has no such digit."""
    layout = _whole_zone_layout(lines)
    if layout is None:
        return None
    if name == "composite":
        ln, col = layout.composite[1]
        return lines[ln][col]
    slot = next((s for s in layout.slots if s.name == name), None)
    return None if slot is None else lines[slot.line][slot.check]


def _composite_text(lines: Sequence[str], layout: _Layout) -> str:
    return "".join(lines[ln][a:b] for ln, a, b in layout.composite[0])


def _composite_ok(lines: Sequence[str], layout: _Layout) -> bool:
    ln, col = layout.composite[1]
    return _check_ok(_composite_text(lines, layout), lines[ln][col])


# --------------------------------------------------------------------------------------------
# Format detection and length fitting
# --------------------------------------------------------------------------------------------


def detect_format(lines: Sequence[str]) -> str | None:
    """``TD1``, ``TD2`` or ``TD3`` from the number and length of cleaned lines, or ``None``."""
    if len(lines) == 3 and all(24 <= len(s) <= 36 for s in lines):
        return "TD1"
    if len(lines) == 2:
        # OCR drops trailing fillers of the name line more often than data characters: the data
        # line (always full) says the length; a passport (P) name line settles 38-41.
        # Passports (document code P) are always TD3 (ICAO 9303 Part 6 reserves TD2 for A, C, I).
        data = len(lines[1])
        if data >= 41 or (lines[0][:1] == "P" and data >= 30):
            return "TD3"
        if 32 <= data <= 40:
            return "TD2"
    return None


def _stray_first_char(s: str) -> bool:
    """Whether a name line that opens with the document code starts with one stray character.

    ``WP<AFG...``, ``PP<AFG...``: a mark at the zone's edge read as a letter pushes the code one
    place right, so the issuing state would begin with a filler, which no state code does.
    """
    return len(s) >= 6 and s[2] == "<" and s[1].isalpha() and s[3:6].isalpha()


def _fit_name_line(s: str, n: int) -> str:
    """Pad or trim a name-only line at its trailing filler run."""
    if len(s) < n:
        return s + "<" * (n - len(s))
    if len(s) > n:
        extra = len(s) - n
        tail_start, _ = _trailing_filler_start(s, 0)
        removable = len(s) - tail_start
        if removable >= extra:
            return s[: len(s) - extra]
        return s[:n]
    return s


def _filler_runs(s: str, min_len: int = 2) -> list[tuple[int, int]]:
    """``(start, end)`` of every run of at least ``min_len`` fillers in ``s``."""
    return [(m.start(), m.end()) for m in re.finditer(f"<{{{min_len},}}", s)]


#: Most length variants tried per line (cheapest first): bounds the parse time on garbage.
_MAX_VARIANTS = 80


def _absorb(s: str, diff: int, base_cost: int) -> list[tuple[int, str]]:
    """Variants of ``s`` with ``diff`` fillers added to (or removed from) one filler run."""
    out: list[tuple[int, str]] = []
    if diff == 0:
        return [(base_cost, s)]
    for a, b in _filler_runs(s):
        if diff > 0:
            out.append((base_cost + 2, s[:b] + "<" * diff + s[b:]))
        elif b - a > -diff:
            out.append((base_cost + 2, s[:a] + s[a - diff :]))
    return out


def _length_variants(s: str, n: int) -> list[tuple[int, str]]:
    """Ways to bring a data line to ``n`` characters, each with a cost (lower is likelier).

    OCR mostly miscounts filler runs or adds a speck; so dropping a non-MRZ character or a
    filler, or adding a filler next to another, is cheap; any other change costs more.
    """
    if len(s) == n:
        return [(0, s)]
    out: list[tuple[int, str]] = []
    if len(s) == n + 1:
        for i, c in enumerate(s):
            cost = 1 if c not in MRZ_ALPHABET else 2 if c == "<" else 5
            if cost == 5 and i in (0, len(s) - 1):
                # A speck or the card's edge read at either end of the line is likelier than a
                # character doubled inside it.
                cost = 3
            out.append((cost, s[:i] + s[i + 1 :]))
    elif len(s) == n - 1:
        for i in range(len(s) + 1):
            near_filler = (i > 0 and s[i - 1] == "<") or (i < len(s) and s[i] == "<")
            out.append((2 if near_filler else 5, s[:i] + "<" + s[i:]))
    elif len(s) > n:
        stripped = "".join(c for c in s if c in MRZ_ALPHABET)
        if len(stripped) == n:
            out.append((1, stripped))
        out.append((6, s[:n]))
        out.append((6, s[len(s) - n :]))
    else:
        out.append((6, s + "<" * (n - len(s))))
    # OCR shortens or stretches long filler runs: absorb the difference in one run, possibly
    # after dropping one stray character or restoring one lost character elsewhere.
    diff = n - len(s)
    if diff:
        out.extend(_absorb(s, diff, 0))
        if 2 <= abs(diff) <= 6:
            step = 1 if diff > 0 else -1
            for i in range(len(s) + (1 if step > 0 else 0)):
                if step < 0:
                    c = s[i]
                    t = s[:i] + s[i + 1 :]
                    cost = 1 if c not in MRZ_ALPHABET else 5
                else:
                    t = s[:i] + "<" + s[i:]
                    cost = 5
                out.extend(_absorb(t, diff - step, cost))
    best: dict[str, int] = {}
    for cost, v in out:
        if v not in best or cost < best[v]:
            best[v] = cost
    return sorted(((c, v) for v, c in best.items()), key=lambda cv: cv[0])[:_MAX_VARIANTS]


# --------------------------------------------------------------------------------------------
# The parser
# --------------------------------------------------------------------------------------------


def parse_mrz(
    raw_lines: Sequence[str],
    *,
    today: date | None = None,
    fmt: str | None = None,
    max_changes: int = 2,
) -> MrzResult | None:
    """Parse OCR'd MRZ lines, repairing only what the check digits prove.

    Args:
        raw_lines: The zone's lines top to bottom, as read (spaces and case do not matter).
        today: Reference date for century inference (default: today).
        fmt: Force ``TD1``, ``TD2`` or ``TD3`` instead of detecting it.
        max_changes: Most confusion repairs tried per check-digit field.

    Returns:
        The parsed zone, or ``None`` when the lines do not have the shape of any MRZ format.
    """
    today = today or date.today()
    cleaned = [clean_line(s) for s in raw_lines if clean_line(s)]
    fmt = fmt or detect_format(cleaned)
    if fmt not in LAYOUTS or len(cleaned) != LINE_COUNTS[fmt]:
        return None
    layout = LAYOUTS[fmt]
    n = LINE_LENGTHS[fmt]
    warnings: list[str] = []
    name_line = layout.names[0]
    fitted: list[list[tuple[int, str]]] = []
    for i, s in enumerate(cleaned):
        if i == name_line:
            if layout.code[0] == name_line and _stray_first_char(s):
                s = s[1:]
                warnings.append("line length corrected")
            fitted.append([(0, _fit_name_line(s, n))])
        else:
            fitted.append(_length_variants(s, n))
    if any(len(s) != n for s in cleaned) and "line length corrected" not in warnings:
        warnings.append("line length corrected")
    best: tuple[tuple[int, int, int, int], MrzResult] | None = None
    fallback: tuple[tuple[int, int, int, int], MrzResult] | None = None
    # Distinct values of the check-digit fields among valid readings, per score.
    fitting: dict[tuple[int, int, int, int], set[tuple[str, ...]]] = {}
    for combo in itertools.product(*fitted):
        cost = sum(c for c, _ in combo)
        result = _parse_fixed([v for _, v in combo], layout, today, max_changes, tuple(cleaned))
        # Nationality is covered by no check digit: between readings the check digits cannot
        # tell apart, prefer one whose nationality is a clean code (letters, often the issuer's).
        nat_ok = int(result.nationality.isalpha() and len(result.nationality) == 3) + int(
            result.nationality == result.issuing_state
        )
        # A document number is padded with fillers at its end only (``P716895<S`` is a misfit).
        dn_line, dn_a, dn_b = {"TD1": (0, 5, 14)}.get(fmt, (1, 0, 9))
        dn = result.lines[dn_line][dn_a:dn_b].rstrip("<")
        shape_ok = int("<" not in dn)
        if cost > 0 and _filler_as_check_digit(result.lines, layout):
            # Nor is a filler where a check digit must stand: a length fix that drops a digit
            # there (a forged check digit, say) and lets the filler count as 0 can make a broken
            # composite "pass".
            shape_ok = 0
        # Fewest check-digit repairs before the cheapest length fix: a length fix plus a
        # "repair" is two edits where dropping the one extra character OCR added is one.
        cd_repairs = sum(1 for r in result.repairs if r.proof == "check_digit")
        score = (sum(result.checks.values()), shape_ok + nat_ok, -cd_repairs, -cost)
        if not shape_ok and cost > 0:
            # A filler we inserted inside the document number is never how a zone is printed.
            if fallback is None or score > fallback[0]:
                fallback = (score, result)
            continue
        if best is None or score > best[0]:
            best = (score, result)
        if result.valid:
            fitting.setdefault(score, set()).add(_check_fields(result))
    if best is None:
        best = fallback
    assert best is not None
    result = best[1]
    if result.valid and len(fitting.get(best[0], set())) > 1:
        # Several length corrections give different values that all pass every check digit:
        # no single reading is proven.
        warnings.append(AMBIGUOUS_LENGTH)
    if warnings:
        result = _with_warnings(result, warnings)
    return result


AMBIGUOUS_LENGTH = "ambiguous reading: several length corrections pass every check digit"


def _filler_as_check_digit(lines: Sequence[str], layout: _Layout) -> bool:
    """Whether a filler stands where ICAO 9303 prints a check digit (0-9) in every zone.

    Only the check digit of an empty optional-data field may be a filler.
    """
    spots = [(s.line, s.check) for s in layout.slots if not s.empty_may_be_filler] + [layout.composite[1]]
    return any(lines[ln][col] == "<" for ln, col in spots)


def _check_fields(r: MrzResult) -> tuple[str, ...]:
    return (r.document_number, r.date_of_birth, r.expiry_date, r.optional_data)


def _with_warnings(r: MrzResult, extra: Iterable[str]) -> MrzResult:
    return replace(r, warnings=tuple(list(extra) + list(r.warnings)))


def _parse_fixed(
    lines: list[str], layout: _Layout, today: date, max_changes: int, raw: tuple[str, ...]
) -> MrzResult:
    work = _Work(lines=list(lines))
    # Document code: first letter is a letter; the second a letter or filler.
    cl, ca, cb = layout.code
    _normalise_alpha(work, cl, ca, cb, "document_code")
    if layout.format == "TD3" and work.lines[cl][ca] in _P_LOOKALIKES:
        # A 44-character zone is a passport (P) or a visa (V) (ICAO 9303 Parts 4 and 7): a
        # letter outside that set in the code's first place is a misread P.
        work.set(cl, ca, "P", "document_code", "charset")
    if layout.format == "TD3" and work.lines[cl][ca + 1] in FILLER_LOOKALIKES:
        work.set(cl, ca + 1, "<", "document_code", "filler")
    sl, sa, sb = layout.state
    _normalise_alpha(work, sl, sa, sb, "issuing_state")
    nl, na, nb = layout.nationality
    _normalise_alpha(work, nl, na, nb, "nationality")
    ml, ma, mb = layout.names
    misread = _normalise_names(work, ml, ma, mb)
    for slot in layout.slots:
        if slot.kind == _ALNUM:
            _normalise_padding(work, slot, misread)
            if slot.name == "optional_data":
                _normalise_sparse_fillers(work, slot)
    sexl, sexc = layout.sex
    sx = work.lines[sexl][sexc]
    if sx not in "MF<":
        if sx in FILLER_LOOKALIKES:
            work.set(sexl, sexc, "<", "sex", "filler")
        else:
            work.warnings.append("sex unreadable")

    checks = _repair_check_fields(work, layout, max_changes)
    lines = work.lines
    code = lines[cl][ca:cb].replace("<", "")
    state = lines[sl][sa:sb].replace("<", "")
    nat = lines[nl][na:nb].replace("<", "")
    surname, given, truncated = parse_names(lines[ml][ma:mb])
    if truncated:
        work.warnings.append("name field full: names may be truncated")
    sx = lines[sexl][sexc]
    sex = {"M": "M", "F": "F", "<": "X"}.get(sx, "")

    slots = {s.name: s for s in layout.slots}
    doc_slot = slots["document_number"]
    docnum = lines[doc_slot.line][doc_slot.start : doc_slot.end]
    optional = ""
    if "optional_data" in slots:
        o = slots["optional_data"]
        optional = lines[o.line][o.start : o.end].strip("<")
    elif layout.format == "TD1":
        optional = (lines[0][15:30].strip("<") + " " + lines[1][18:29].strip("<")).strip()
        # Long document number: check digit position holds ``<``, the rest is in optional data 1.
        if lines[0][14] == "<" and lines[0][15:30].strip("<"):
            tail = lines[0][15:30].rstrip("<")
            if len(tail) >= 2 and _check_ok(docnum + tail[:-1], tail[-1]):
                docnum = docnum + tail[:-1]
                checks["document_number"] = True
    elif layout.format == "TD2":
        optional = lines[1][28:35].strip("<")
    dob_s = slots["date_of_birth"]
    exp_s = slots["expiry_date"]
    dob_raw = lines[dob_s.line][dob_s.start : dob_s.end]
    exp_raw = lines[exp_s.line][exp_s.start : exp_s.end]
    expiry_iso = ""
    exp_year: int | None = None
    if _date_shape_ok(exp_raw) and exp_raw[2:].isdigit():
        exp_year = expiry_year(int(exp_raw[:2]), today)
        if _real_date(exp_year, exp_raw):
            expiry_iso = _iso(exp_year, exp_raw)
        else:
            work.warnings.append("impossible expiry date")
    elif checks.get("expiry_date"):
        work.warnings.append("impossible expiry date")
    dob_iso = ""
    if _date_shape_ok(dob_raw):
        if dob_raw == "<<<<<<":
            pass
        else:
            by = birth_year(int(dob_raw[:2]), today, exp_year)
            if _real_date(by, dob_raw):
                dob_iso = _iso(by, dob_raw)
                if not dob_raw[2:].isdigit():
                    work.warnings.append("date of birth partly unknown")
            else:
                work.warnings.append("impossible date of birth")
    elif set(dob_raw) <= {"<"}:
        pass
    else:
        work.warnings.append("date of birth unreadable")

    return MrzResult(
        format=layout.format,
        lines=tuple(lines),
        raw_lines=raw,
        document_code=code,
        issuing_state=state,
        surname=surname,
        given_names=given,
        document_number=docnum.replace("<", ""),
        nationality=nat,
        date_of_birth=dob_iso,
        sex=sex,
        expiry_date=expiry_iso,
        optional_data=optional,
        checks=checks,
        repairs=tuple(work.repairs),
        warnings=tuple(work.warnings),
        names_truncated=truncated,
    )


def _repair_check_fields(work: _Work, layout: _Layout, max_changes: int) -> dict[str, bool]:
    """Apply check-digit-proven repairs to every check-digit field; return the check outcomes.

    Each field gets its minimal-change candidates. A field whose reading already passes keeps
    it. Otherwise a candidate is applied only if it is the only one, among all combinations of
    field candidates, that also makes the composite check digit pass.
    """
    per_field: list[list[tuple[str, str, int, bool]]] = []
    for slot in layout.slots:
        text = work.lines[slot.line]
        data, cd = text[slot.start : slot.end], text[slot.check]
        if _check_ok(data, cd, empty_may_be_filler=slot.empty_may_be_filler) and (
            slot.kind != _DATE or _date_shape_ok(data)
        ):
            per_field.append([(data, cd, 0, True)])
        else:
            per_field.append(_candidates(text, slot, max_changes))

    # Composite check digit: a letter where a digit must be is forced (O -> 0 ...).
    cl, cc = layout.composite[1]
    comp_char = work.lines[cl][cc]
    comp_options = [comp_char] if comp_char.isdigit() else [a for a in _alternatives(comp_char, _NUM)]

    def apply(lines: list[str], choice: Sequence[tuple[str, str, int, bool]]) -> list[str]:
        out = list(lines)
        for slot, (d, c, _, _) in zip(layout.slots, choice, strict=True):
            s = out[slot.line]
            s = s[: slot.start] + d + s[slot.end :]
            s = s[: slot.check] + c + s[slot.check + 1 :]
            out[slot.line] = s
        return out

    options = [f if f else [None] for f in per_field]
    winners: list[tuple[list[str], str, bool]] = []
    if all(per_field):
        for choice in itertools.product(*options):
            trial = apply(work.lines, choice)  # type: ignore[arg-type]
            in_ctx = all(ch[3] for ch in choice if ch is not None)
            for comp in comp_options:
                t2 = list(trial)
                t2[cl] = t2[cl][:cc] + comp + t2[cl][cc + 1 :]
                if _composite_ok(t2, layout):
                    winners.append((t2, comp, in_ctx))
    if len(winners) == 1 and winners[0][2]:
        proven, _, _ = winners[0]
        for ln in range(len(work.lines)):
            for pos, (a, b) in enumerate(zip(work.lines[ln], proven[ln], strict=True)):
                if a != b:
                    fname = _field_at(layout, ln, pos)
                    # A look-alike turned into a filler is context, not arithmetic: K and < weigh
                    # the same in a check digit.
                    proof = "filler" if b == "<" and a in FILLER_LOOKALIKES else "check_digit"
                    work.set(ln, pos, b, fname, proof)
    else:
        # Without the composite, forced changes are applied only in a zone that otherwise reads
        # well (at least two other fields pass as read): on garbage a forced O -> 0 would pass a
        # check digit one time in ten.
        # A run of one character (``OOOOOO`` read in debris is ``000000``, check digit 0) passes
        # by itself and proves nothing about the read.
        passing = sum(
            1 for f, slot in zip(per_field, layout.slots, strict=True) if f and f[0][2] == 0 and len(f) == 1
            and f[0][0] == work.lines[slot.line][slot.start : slot.end] and len(set(f[0][0].strip("<"))) >= 2
        )
        sl, sa, sb = layout.state
        state_ok = re.fullmatch(r"[A-Z]+<*", work.lines[sl][sa:sb]) is not None
        xl, xc = layout.sex
        sane = passing >= 2 and state_ok and work.lines[xl][xc] in "MF<"
        if len(winners) > 1 or (winners and not winners[0][2]):
            work.warnings.append("ambiguous repair: several readings fit the check digits; left as read")
        for slot, cands in zip(layout.slots, per_field, strict=True):
            if len(cands) > 1 or (cands and not cands[0][3]):
                work.warnings.append(f"ambiguous repair in {slot.name}: {len(cands)} candidates; left as read")
            elif len(cands) == 1 and cands[0][2] == 0 and cands[0][3] and sane:
                # Only forced changes (a letter where a digit must be, O -> 0): the character set
                # leaves one reading and the field's own check digit confirms it.
                d, c, _, _ = cands[0]
                for k, ch in enumerate(d):
                    old_ch = work.lines[slot.line][slot.start + k]
                    proof = "filler" if ch == "<" and old_ch in FILLER_LOOKALIKES else "check_digit"
                    work.set(slot.line, slot.start + k, ch, slot.name, proof)
                old_ch = work.lines[slot.line][slot.check]
                proof = "filler" if c == "<" and old_ch in FILLER_LOOKALIKES else "check_digit"
                work.set(slot.line, slot.check, c, slot.name, proof)

    checks: dict[str, bool] = {}
    for slot in layout.slots:
        text = work.lines[slot.line]
        ok = _check_ok(text[slot.start : slot.end], text[slot.check], empty_may_be_filler=slot.empty_may_be_filler)
        checks[slot.name] = ok
    checks["composite"] = _composite_ok(work.lines, layout)
    return checks


def _field_at(layout: _Layout, line: int, pos: int) -> str:
    for slot in layout.slots:
        if slot.line == line and (slot.start <= pos < slot.end or pos == slot.check):
            return slot.name
    return "composite"


# --------------------------------------------------------------------------------------------
# Finding the zone in OCR text
# --------------------------------------------------------------------------------------------


def mrz_likeness(s: str) -> float:
    """Share of a cleaned line made of MRZ characters, weighted towards fillers and length."""
    c = clean_line(s)
    if len(c) < 20:
        return 0.0
    ok = sum(1 for ch in c if ch in MRZ_ALPHABET)
    fillers = c.count("<")
    return ok / len(c) + min(fillers, 5) * 0.05


#: A TD2/TD3 name line cut short: document code (letter, letter or filler), a three-letter
#: state, then the primary identifier and at least the start of the ``<<`` separator.
_SHORT_NAME_LINE = re.compile(r"[A-Z][A-Z<][A-Z][A-Z<]{2}[A-Z<]*[A-Z][A-Z<]*")


def _short_name_line(s: str) -> bool:
    return 12 <= len(s) < 26 and _SHORT_NAME_LINE.fullmatch(s) is not None and "<" in s[5:]


def find_mrz_lines(text_lines: Sequence[str]) -> list[str] | None:
    """Pick the MRZ lines out of OCR text lines (bottom-most block of long MRZ-like lines).

    Returns the lines top to bottom (2 or 3), or ``None`` when no zone-shaped block is found.
    """
    cands = [clean_line(s) for s in text_lines]
    # Up to 60: OCR stretches long filler runs (the length fit trims them back).
    idx = [i for i, s in enumerate(cands) if mrz_likeness(s) >= 0.9 and 26 <= len(s) <= 60]
    if not idx:
        return None
    # Group consecutive candidate lines; keep the last group (the zone is at the bottom).
    groups: list[list[int]] = [[idx[0]]]
    for i in idx[1:]:
        if i == groups[-1][-1] + 1:
            groups[-1].append(i)
        else:
            groups.append([i])
    for g in reversed(groups):
        lines = [cands[i] for i in g]
        if len(lines) == 1 and g[0] > 0 and _short_name_line(cands[g[0] - 1]) and len(lines[0]) >= 32:
            # A passport/ID name line with short names: OCR often drops its trailing filler
            # run, leaving it too short to look like a zone line by itself.
            lines.insert(0, cands[g[0] - 1])
        if len(lines) > 3:
            lines = lines[-3:] if all(len(s) <= 34 for s in lines[-3:]) else lines[-2:]
        if len(lines) == 3 and detect_format(lines) is None:
            lines = lines[-2:]
        if len(lines) in (2, 3) and detect_format(lines):
            return lines
    return None


# --------------------------------------------------------------------------------------------
# Several reads of one zone
# --------------------------------------------------------------------------------------------

#: Warning of a merge whose reads pass every check digit with different values.
AMBIGUOUS_READS = "ambiguous reading: reads of the zone pass every check digit with different values"


def with_source(r: MrzResult, model: str) -> MrzResult:
    """``r`` with every field recorded as read by ``model``."""
    layout = LAYOUTS[r.format]
    names = ["document_code", "issuing_state", "names", "nationality", "sex"]
    names += [slot.name for slot in layout.slots] + ["composite"]
    return replace(r, sources=dict.fromkeys(names, model))


def _field_spans(layout: _Layout) -> dict[str, tuple[tuple[int, int, int], ...]]:
    """Positions of each field of ``layout`` as ``(line, start, end)`` stretches."""
    sl, sc = layout.sex
    cl, cc = layout.composite[1]
    spans: dict[str, tuple[tuple[int, int, int], ...]] = {
        "document_code": (layout.code,),
        "issuing_state": (layout.state,),
        "names": (layout.names,),
        "nationality": (layout.nationality,),
        "sex": ((sl, sc, sc + 1),),
    }
    for slot in layout.slots:
        spans[slot.name] = ((slot.line, slot.start, slot.end), (slot.line, slot.check, slot.check + 1))
    spans["composite"] = ((cl, cc, cc + 1),)
    return spans


def _take(lines: Sequence[str], spans: tuple[tuple[int, int, int], ...]) -> str:
    return "".join(lines[ln][a:b] for ln, a, b in spans)


def _put(lines: list[str], spans: tuple[tuple[int, int, int], ...], value: str) -> None:
    k = 0
    for ln, a, b in spans:
        lines[ln] = lines[ln][:a] + value[k : k + b - a] + lines[ln][b:]
        k += b - a


def _with(lines: Sequence[str], spans: tuple[tuple[int, int, int], ...], value: str) -> list[str]:
    out = list(lines)
    _put(out, spans, value)
    return out


def _canonical(name: str, value: str) -> str:
    """A slot's value (its check digit last) with equivalent spellings made one: an unused optional data
    field's check digit is a filler or a zero (ICAO 9303), so ``<<<...<`` and ``<<<...0`` are one value
    (blind case 763 of seed 6: the two spellings made a clear read of a passport zone ambiguous)."""
    if name == "optional_data" and value and set(value[:-1]) <= {"<"} and value[-1] in "<0":
        return value[:-1] + "0"
    return value


def _well_formed(name: str, value: str) -> bool:
    """Whether a field no check digit covers looks like what the zone prints there."""
    if name == "document_code":
        return value[:1].isalpha()
    if name in ("issuing_state", "nationality"):
        return value.replace("<", "").isalpha()
    if name == "sex":
        return value in ("M", "F", "<")
    if name == "names":
        words = value.replace("<", " ").split()
        return bool(words) and not any(len(w) >= 4 and set(w) <= _TAIL_JUNK for w in words)
    return True


#: Weight of a read of another model than the preferred one in the letter vote of :func:`_merge_chars`.
OTHER_MODEL_WEIGHT = 0.5


def _merge_chars(
    base: str, values: Sequence[tuple[str, str]], letters_from: str, weights: Sequence[float] | None = None
) -> str:
    """``base`` corrected character by character from the other reads of the same field.

    Each read is aligned with ``base`` (``difflib``); only stretches of equal length are
    compared. At each position a filler ``<`` seen by any read wins over letters (the zone's own
    OCR-B model reads fillers reliably, the stock model turns them into K/S/E); different
    letters are put to a vote in which each read of ``letters_from`` counts 1 and each read of
    another model :data:`OTHER_MODEL_WEIGHT` (a tie goes to ``letters_from``'s letter): the
    preferred model decides unless the other reads outnumber its own more than twice.
    ``weights`` (one per read, default 1) scale each read's vote.
    """
    import difflib

    ws = list(weights) if weights is not None else [1.0] * len(values)
    cols: list[list[tuple[str, str, float]]] = [[] for _ in base]
    for (model, v), w in zip(values, ws, strict=True):
        sm = difflib.SequenceMatcher(None, base, v, autojunk=False)
        for tag, i1, i2, j1, j2 in sm.get_opcodes():
            if tag == "equal" or (tag == "replace" and i2 - i1 == j2 - j1):
                for k in range(i2 - i1):
                    cols[i1 + k].append((model, v[j1 + k], w))
    out = list(base)
    for i, col in enumerate(cols):
        chars = [c for _, c, _ in col]
        if not chars or all(c == base[i] for c in chars):
            continue
        if "<" in chars:
            out[i] = "<"
            continue
        score: dict[str, float] = {}
        for m, c, w in col:
            score[c] = score.get(c, 0.0) + w * (1.0 if m == letters_from else OTHER_MODEL_WEIGHT)
        pref = {c for m, c, _ in col if m == letters_from}
        out[i] = max(score, key=lambda c: (score[c], c in pref))
    return "".join(out)


def merge_reads(
    reads: Sequence[tuple[str, MrzResult]],
    *,
    today: date | None = None,
    letters_from: str | None = None,
    weights: Sequence[float] | None = None,
) -> MrzResult | None:
    """One zone from several reads of it (another OCR model, another scale), field by field.

    ``reads`` are ``(model, parsed zone)`` pairs, the preferred model first. A field covered by a
    check digit takes a value that passes its own check digit in some read (read as printed
    before repaired; repairs keep the proof their read gave them), and the values together must
    pass the composite check digit; when two different combinations pass every check digit,
    nothing is proven and the result says so (:data:`AMBIGUOUS_READS`, not valid). A field no
    check digit covers (names, codes, nationality, sex) takes the value most reads agree on,
    well-formed values first, then the preferred model's; when the reads disagree on the names and
    ``letters_from`` names a model, the names are merged character by character (a filler wins
    when a read sees one, a letter read differently is voted on, the reads of ``letters_from``,
    the model that reads letters best, counting double, each read's vote scaled by its entry in
    ``weights``), see :func:`_merge_chars`. ``sources``
    records which model(s) gave each field (all of them for a character merge). Returns ``None``
    when fewer than two reads have the same format.
    """
    if not reads:
        return None
    fmt = reads[0][1].format
    ws = list(weights) if weights is not None else [1.0] * len(reads)
    keep = [i for i, (_, r) in enumerate(reads) if r.format == fmt and len(r.lines) == LINE_COUNTS[fmt]]
    same = [reads[i] for i in keep]
    same_w = [ws[i] for i in keep]
    if len(same) < 2:
        return None
    layout = LAYOUTS[fmt]
    spans = _field_spans(layout)
    base = same[0][1]
    lines = list(base.lines)
    sources: dict[str, str] = {}
    chosen: dict[str, str] = {}  # field -> the first model that gave the chosen value

    def models_of(name: str, value: str) -> list[str]:
        return list(dict.fromkeys(m for m, r in same if _take(r.lines, spans[name]) == value))

    # Fields no check digit covers: agreement, then form, then preference.
    for name in ("document_code", "issuing_state", "names", "nationality", "sex"):
        values = list(dict.fromkeys(_take(r.lines, spans[name]) for _, r in same))
        votes = {v: sum(1 for _, r in same if _take(r.lines, spans[name]) == v) for v in values}
        best = max(values, key=lambda v: (_well_formed(name, v), votes[v], -values.index(v)))
        if name == "names" and letters_from is not None and votes[best] < len(same):
            mixed = _merge_chars(best, [(m, _take(r.lines, spans[name])) for m, r in same], letters_from, same_w)
            if mixed != best and _well_formed(name, mixed):
                best = mixed
        _put(lines, spans[name], best)
        ms = models_of(name, best)
        sources[name] = "+".join(ms) if ms else "+".join(dict.fromkeys(m for m, _ in same))
        chosen[name] = ms[0] if ms else ""

    # Check-digit fields: values that pass their own check digit, read as printed first.
    options: list[list[str]] = []
    for slot in layout.slots:
        found: list[tuple[int, int, str]] = []
        for order, (_, r) in enumerate(same):
            if not r.checks.get(slot.name) or any(w.startswith("ambiguous reading") for w in r.warnings):
                continue
            v = _take(r.lines, spans[slot.name])
            repaired = any(x.field == slot.name and x.proof == "check_digit" for x in r.repairs)
            found.append((int(repaired), order, v))
        vals = list(dict.fromkeys(v for _, _, v in sorted(found)))
        options.append(vals or [_take(lines, spans[slot.name])])
    # A read whose field fails its check digit but that one context-plausible confusion away
    # would pass with another value contradicts the value the other reads verify: two misreads
    # that cancel out in a check digit (``3 -> 5`` twice) pass it too. Such contenders are never
    # chosen, they only make the merge ambiguous when they also fit the composite.
    contenders: list[list[str]] = []
    for slot, vals in zip(layout.slots, options, strict=True):
        extra: list[str] = []
        for _, r in same:
            if r.checks.get(slot.name):
                continue
            for d, c, _, in_ctx in _candidates(r.lines[slot.line], slot, 1):
                v = d + c
                if in_ctx and v not in vals and v not in extra:
                    extra.append(v)
        contenders.append(extra)
    comp_opts = list(dict.fromkeys(_take(r.lines, spans["composite"]) for _, r in same))
    winners: list[list[str]] = []
    for combo in itertools.product(*options):
        trial = list(lines)
        for slot, v in zip(layout.slots, combo, strict=True):
            _put(trial, spans[slot.name], v)
        for comp in comp_opts:
            t2 = list(trial)
            _put(t2, spans["composite"], comp)
            if _composite_ok(t2, layout):
                winners.append(list(combo) + [comp])
    ambiguous = len({tuple(_canonical(slot.name, v) for slot, v in zip(layout.slots, w[:-1], strict=True))
                     for w in winners}) > 1
    if all(any(w.startswith("ambiguous reading") for w in r.warnings) for _, r in same):
        # Every read fits the check digits in several ways (the same stray character misread
        # the same way): agreeing on one of those ways proves none of them.
        ambiguous = True
    if winners and not ambiguous:
        for slot, extra in zip(layout.slots, contenders, strict=True):
            for v in extra:
                trial = list(lines)
                for s2, v2 in zip(layout.slots, winners[0][:-1], strict=True):
                    _put(trial, spans[s2.name], v2)
                _put(trial, spans[slot.name], v)
                if any(_composite_ok(_with(trial, spans["composite"], comp), layout) for comp in comp_opts):
                    ambiguous = True
    pick = winners[0] if winners else [o[0] for o in options] + [_take(base.lines, spans["composite"])]
    for slot, v in zip(layout.slots, pick[:-1], strict=True):
        _put(lines, spans[slot.name], v)
    _put(lines, spans["composite"], pick[-1])
    if ambiguous or not winners:
        # Two zones pass every check digit, or none does: no check-digit repair is proven (on
        # debris one field's check digit passes one time in ten). A value some read saw as
        # printed stays; one only a repair produced goes back to what was read.
        for slot in layout.slots:
            v = _take(lines, spans[slot.name])
            makers = [r for _, r in same if _take(r.lines, spans[slot.name]) == v]
            if any(not any(x.field == slot.name and x.proof == "check_digit" for x in r.repairs) for r in makers):
                continue
            for x in makers[0].repairs if makers else ():
                if x.field == slot.name and x.proof == "check_digit":
                    lines[x.line] = lines[x.line][: x.position] + x.original + lines[x.line][x.position + 1 :]
    for name in [slot.name for slot in layout.slots] + ["composite"]:
        ms = models_of(name, _take(lines, spans[name]))
        sources[name] = "+".join(ms) if ms else same[0][0]
        chosen[name] = ms[0] if ms else same[0][0]

    merged = parse_mrz(lines, today=today, fmt=fmt, max_changes=0)
    if merged is None:
        return None
    # Repairs the chosen reads made (with their proof) that produced the merged characters.
    carried: list[MrzRepair] = []
    for name, model in chosen.items():
        if not model:
            continue
        src = next((r for m, r in same if m == model and _take(r.lines, spans[name]) == _take(lines, spans[name])), None)
        if src is None:  # a repair undone above: the value is as read, no read's repairs apply
            continue
        carried += [x for x in src.repairs if x.field == name and lines[x.line][x.position] == x.replacement]
    warnings = list(merged.warnings)
    if ambiguous:
        warnings.insert(0, AMBIGUOUS_READS)
    for slot in layout.slots:
        # A read that found several confusion repairs fitting a broken check digit (O/0 at two
        # places) said the digit is not proven broken; the merge (no repairs tried) keeps saying so
        # for a field it took as that read gave it.
        if merged.checks.get(slot.name):
            continue
        v = _take(lines, spans[slot.name])
        note = next((w for _, r in same if _take(r.lines, spans[slot.name]) == v
                     for w in r.warnings if w.startswith(f"ambiguous repair in {slot.name}")), None)
        if note is not None:
            warnings.append(note)
    return replace(
        merged,
        raw_lines=base.raw_lines,
        repairs=tuple(carried) + merged.repairs,
        warnings=tuple(dict.fromkeys(warnings)),
        sources=sources,
    )
