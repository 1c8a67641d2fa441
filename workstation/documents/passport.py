"""The passport data page: MRZ fields, printed fields located by labels, and their comparison.

Names are covered by no check digit, so the printed page is their only cross-check: a name
that differs between the zone and the page is a warning (a forgery sign or an OCR error the
officer must look at). When the only difference is filler characters OCR glued to a name in
the zone (``HABIBAK`` for ``HABIBA<``), the printed page proves the repair and it is recorded.
"""

from __future__ import annotations

import logging
import os
import re
import unicodedata
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date
from typing import TYPE_CHECKING

import numpy as np
from rapidfuzz.distance import Levenshtein

from workstation.documents.mrz import (
    CONFUSIONS,
    FILLER_LOOKALIKES,
    MrzRepair,
    MrzResult,
    birth_year,
    expiry_year,
)
from workstation.documents.mrz_reader import read_band
from workstation.documents.side import run_shared
from workstation.imaging.geometry import Image, brightest_channel, scale, steadied, true_runs
from workstation.ocr import OcrEngine, OcrLine, OcrResult, OcrWord, PageSegMode, join_strips

if TYPE_CHECKING:
    from workstation.documents.reading import DocumentReading, FieldValue, ReadContext

log = logging.getLogger(__name__)

PASSPORT_FIELDS = (
    "surname",
    "given_names",
    "document_number",
    "nationality",
    "date_of_birth",
    "sex",
    "expiry_date",
    "issuing_country",
)
PRINTED_ONLY_FIELDS = ("place_of_birth", "issue_date")

#: Label phrases (lower case) of each printed field: English, French and other wordings ICAO data
#: pages print, plus the labels of slots that are not read (type, code) so their values are not
#: taken for another field's.
LABELS: dict[str, tuple[str, ...]] = {
    "surname": ("surname", "surnames", "family name", "last name", "nom", "apellidos", "name"),
    "given_names": ("given names", "given name", "first names", "first name", "forenames", "prénoms", "prenoms",
                    "nombres", "vornamen"),
    "document_number": ("passport no", "passport no.", "passport number", "no. du passeport", "no du passeport",
                        "document no", "document number", "n° du passeport"),
    "nationality": ("nationality", "nationalité", "nationalite", "nacionalidad"),
    "date_of_birth": ("date of birth", "date de naissance", "birth date", "date of bith"),
    "sex": ("sex", "sexe", "gender"),
    "place_of_birth": ("place of birth", "lieu de naissance", "birth place", "birthplace"),
    "issue_date": ("date of issue", "date de délivrance", "date de delivrance", "issue date", "issued on",
                   "date of issuance"),
    "expiry_date": ("date of expiry", "date d'expiration", "date of expiration", "expiry date", "expiration date",
                    "valid until", "date dexpiration"),
    "authority": ("authority", "issuing authority", "autorité", "autorite", "issued by", "issuing office"),
    "_type": ("type",),
    "_code": ("code", "country code", "code du pays", "code of issuing state", "issuing state"),
    "_holder": ("signature", "holder's signature", "observations"),
}
#: OCR variants of label phrases seen on degraded pages: ``rn`` read as ``m``, first letters lost.
_LABEL_VARIANTS: dict[str, tuple[str, ...]] = {
    "surname": ("sumame", "surnarne", "urname"),
    "given_names": ("iven name", "iven names"),
    "document_number": ("assport no",),
    "nationality": ("ationality", "nationalit"),
    "date_of_birth": ("te of birth",),
    "place_of_birth": ("lace of birth",),
    "issue_date": ("of issue", "délivrance", "delivrance"),
    "expiry_date": ("of expiry", "expiration"),
}
PRINTED_FIELDS = ("surname", "given_names", "document_number", "nationality", "date_of_birth", "sex",
                  "place_of_birth", "issue_date", "expiry_date", "authority")
_MONTHS = {m: i for i, m in enumerate(
    ("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"), start=1)}
#: Month words other languages print (French, German, Spanish, Portuguese...), after accents are dropped.
_MONTH_WORDS = {
    **_MONTHS, "FEV": 2, "AVR": 4, "MAI": 5, "JUIN": 6, "JUIL": 7, "AOUT": 8, "SEPT": 9, "DEC": 12, "JANV": 1,
    "FEVR": 2, "MARS": 3, "OKT": 10, "DEZ": 12, "MRZ": 3, "ENE": 1, "ABR": 4, "AGO": 8, "DIC": 12, "SET": 9,
    "OUT": 10, "MAG": 5, "GIU": 6, "LUG": 7, "OTT": 10, "JANUARY": 1, "FEBRUARY": 2, "MARCH": 3, "APRIL": 4,
    "JUNE": 6, "JULY": 7, "AUGUST": 8, "SEPTEMBER": 9, "OCTOBER": 10, "NOVEMBER": 11, "DECEMBER": 12,
}
_MRZ_CONFIDENCE_VALID = 0.99
#: Width the printed data page is scaled to before OCR (labels ~12 px tall at 1000 px).
PRINTED_WIDTH_PX = 1000.0
#: Words of a printed nationality or country, never the end of a wrapped name.
_COUNTRY_WORDS = frozenset({"AFGHAN", "AFGHANISTAN", "AFG", "PAKISTANI", "PAKISTAN", "IRANIAN", "IRAN", "BRITISH",
                            "CITIZEN", "GERMAN", "DEUTSCH", "TURKISH", "TURK", "UTOPIAN", "UZBEK", "TAJIK",
                            "TURKMEN", "INDIAN", "IRAQI", "SYRIAN", "AMERICAN", "CANADIAN", "FRENCH", "FRANCAISE"})


@dataclass(frozen=True)
class _Printed:
    value: str
    raw: str
    confidence: float
    bbox: tuple[int, int, int, int]


# --------------------------------------------------------------------------------------------
# Printed page
# --------------------------------------------------------------------------------------------


def _fold(s: str) -> str:
    """Lower case, accents dropped, only letters and digits (``Prénoms:`` -> ``prenoms``)."""
    t = unicodedata.normalize("NFKD", s.lower())
    return "".join(c for c in t if c.isascii() and c.isalnum())


def _phrase_table() -> list[tuple[str, str]]:
    out = [(_fold(p), name) for name, ps in LABELS.items() for p in ps]
    out += [(_fold(p), name) for name, ps in _LABEL_VARIANTS.items() for p in ps]
    return sorted(set(out), key=lambda x: -len(x[0]))


_PHRASES = _phrase_table()
#: Words that occur in label phrases (a label printed in capitals is told from a value by them).
_LABEL_VOCAB = frozenset(_fold(w) for ps in LABELS.values() for p in ps for w in p.split()) | {"no", "n", "passport"}


def _phrase_match(folded: str) -> str | None:
    """The field whose label phrase ``folded`` (folded words joined) is, allowing OCR slips."""
    if len(folded) < 2:
        return None
    for p, name in _PHRASES:
        if folded == p:
            return name
    if len(folded) >= 6:
        for p, name in _PHRASES:
            if len(p) >= 6 and abs(len(p) - len(folded)) <= 1 and Levenshtein.distance(folded, p) <= 1 + len(p) // 9:
                return name
    return None


def _label_of(text: str) -> str | None:
    """The field a text is the label of (the longest label phrase in it); ``None`` for a value."""
    low = text.lower().strip(" :/")
    if not re.search(r"[a-zà-ÿ]", text) and not any(_fold(w) in _LABEL_VOCAB - {"nom", "name", "code", "type"}
                                                    for w in text.split()):
        return None  # capitals without a label word: a value
    best: tuple[int, str] | None = None
    for name, words in (*LABELS.items(), *_LABEL_VARIANTS.items()):
        for w in words:
            if w in ("sex", "nom", "name", "type", "code", "no") and not re.search(rf"(^|[/\s]){re.escape(w)}\b", low):
                continue
            if w in low and (best is None or len(w) > best[0]):
                best = (len(w), name)
    if best is not None and best[1].startswith("_"):
        return None
    return best[1] if best else None


@dataclass
class _Segment:
    """A run of words of one OCR line: a label (``field`` set) or a value."""

    words: list[OcrWord]
    field: str | None = None
    used: bool = False

    @property
    def bbox(self) -> tuple[int, int, int, int]:
        return (min(w.bbox[0] for w in self.words), min(w.bbox[1] for w in self.words),
                max(w.bbox[2] for w in self.words), max(w.bbox[3] for w in self.words))

    @property
    def text(self) -> str:
        return " ".join(w.text for w in self.words)

    @property
    def head(self) -> tuple[int, int, int, int]:
        """The first word's box: where a value starts (a skewed line's union box is too tall)."""
        return self.words[0].bbox

    @property
    def height(self) -> int:
        hs = sorted(w.bbox[3] - w.bbox[1] for w in self.words)
        return max(6, hs[len(hs) // 2])


def _is_labelish(word: str) -> bool:
    """A word that can belong to a label: a label word, a separator, or text in lower case."""
    f = _fold(word)
    return not f or f in _LABEL_VOCAB or (bool(re.search(r"[a-zà-ÿ]", word)) and not re.search(r"\d", word))


def _segments(line: OcrLine) -> list[_Segment]:
    """Split a line into label and value segments (``Surname / Nom: HAKIMI`` -> label, value)."""
    words = list(line.words)
    out: list[_Segment] = []
    cur: list[OcrWord] = []
    i = 0
    while i < len(words):
        hit: tuple[int, str] | None = None
        for n in range(min(5, len(words) - i), 0, -1):
            chunk = words[i:i + n]
            name = _phrase_match("".join(_fold(w.text) for w in chunk))
            if name is None:
                continue
            # A one-word label that is also a name or a code (NOM, NAME, CODE, TYPE) counts only
            # written as a label: lower case, after a slash, or followed by a colon.
            if n == 1 and _fold(chunk[0].text) in ("nom", "name", "code", "type", "sex") and chunk[0].text.isupper():
                prev = words[i - 1].text if i else ""
                if not (prev.endswith("/") or chunk[0].text.endswith(":") or (out and out[-1].field and not cur)):
                    continue
            hit = (n, name)
            break
        if hit is None:
            cur.append(words[i])
            i += 1
            continue
        n, name = hit
        if cur:
            out.append(_Segment(cur))
            cur = []
        span = words[i:i + n]
        i += n
        # The same label in a second language, separators and a colon belong to it; a word in
        # capitals after a label written in lower case is a value (``Surname DE LA CRUZ``).
        lower_label = any(re.search(r"[a-z]", w.text) for w in span)
        while i < len(words) and not span[-1].text.endswith(":") and _is_labelish(words[i].text) and not (
            lower_label and re.fullmatch(r"[A-Z][A-Z'\-]*", words[i].text)
        ):
            nxt = None
            for m in range(min(5, len(words) - i), 0, -1):
                nxt = _phrase_match("".join(_fold(w.text) for w in words[i:i + m]))
                if nxt is not None:
                    break
            if nxt is not None and nxt != name:
                # ``Lieu`` + ``de naissance``: the tail of this label, not the start of another
                tail = "".join(_fold(w.text) for w in words[i:i + 3])
                if not any(_phrase_match("".join(_fold(w.text) for w in span[-b:]) + tail[:k]) == name
                           for b in (1, 2) for k in range(len(tail), 1, -1)):
                    break
            span.append(words[i])
            i += 1
            if span[-1].text.endswith(":"):
                break
        if out and out[-1].field == name and not cur:
            out[-1].words.extend(span)
        else:
            out.append(_Segment(span, name))
    if cur:
        out.append(_Segment(cur))
    return out


def _join_near(lines: tuple[OcrLine, ...]) -> list[OcrLine]:
    """Join lines on one baseline a word gap apart (sparse mode splits ``24 SEP`` from ``65``)."""
    todo = sorted((ln for ln in lines if ln.words), key=lambda ln: ln.bbox[0])
    out: list[OcrLine] = []
    for ln in todo:
        x0, y0, x1, y1 = ln.bbox
        h = y1 - y0
        for k, prev in enumerate(out):
            a0, b0, a1, b1 = prev.bbox
            ph = b1 - b0
            overlap = min(y1, b1) - max(y0, b0)
            if overlap >= 0.6 * min(h, ph) and abs(h - ph) <= 0.4 * max(h, ph) and 0 <= x0 - a1 <= 1.6 * min(h, ph):
                out[k] = _line(list(prev.words) + list(ln.words))
                break
        else:
            out.append(ln)
    return out


def _split_lines(lines: tuple[OcrLine, ...] | list[OcrLine]) -> list[OcrLine]:
    """Split OCR lines at wide gaps (sparse mode joins a label with its neighbour column)."""
    out: list[OcrLine] = []
    for ln in lines:
        words = list(ln.words)
        if not words:
            continue
        cur = [words[0]]
        for w in words[1:]:
            h = max(1, cur[-1].bbox[3] - cur[-1].bbox[1])
            if w.bbox[0] - cur[-1].bbox[2] > 2.5 * h:
                out.append(_line(cur))
                cur = [w]
            else:
                cur.append(w)
        out.append(_line(cur))
    return out


def _line(words: list[OcrWord]) -> OcrLine:
    from workstation.ocr.model import union_bbox

    return OcrLine(
        text=" ".join(w.text for w in words),
        confidence=sum(w.confidence for w in words) / len(words),
        bbox=union_bbox([w.bbox for w in words]),
        words=tuple(words),
    )


_TEXT_FIELDS = ("surname", "given_names", "nationality", "place_of_birth", "authority")


def _clean_value_words(words: list[OcrWord], name: str = "") -> list[OcrWord]:
    """Drop what a value cannot start or end with: lower-case or script debris, stray punctuation.

    A name, place or nationality also loses trailing words without letters and short or
    lower-case words read with low confidence (another script printed beside the value).
    """
    ws = list(words)

    def junk(w: OcrWord) -> bool:
        if _fold(w.text) == "" or re.search(r"[a-z]", w.text) and not re.search(r"\d", w.text):
            return True
        if name in _TEXT_FIELDS:
            letters = re.sub(r"[^A-Za-z]", "", w.text)
            return not letters or (w.confidence < 0.5 and (len(letters) <= 2 or not letters.isupper()))
        return False

    while ws and junk(ws[0]):
        ws.pop(0)
    while ws and junk(ws[-1]):
        ws.pop()
    return ws


def _valid(name: str, text: str, conf: float, *, today: date) -> bool:
    """Whether ``text`` can be the value of field ``name`` (type and shape, not truth)."""
    up = text.upper()
    if name in ("date_of_birth", "issue_date", "expiry_date"):
        return parse_printed_date(text, kind="issue", today=today) is not None
    if name == "document_number":
        t = re.sub(r"[^A-Z0-9]", "", up)
        return 5 <= len(t) <= 14 and sum(c.isdigit() for c in t) >= 3
    if name == "sex":
        return re.search(r"(^|[\s/])[MFX](\b|/)", up) is not None and len(_fold(text)) <= 4
    letters = [c for c in text if c.isalpha()]
    if len(letters) < 2 or conf < 0.35 or sum(c.isdigit() for c in text) > 1:
        return False  # names, places and nationalities are not dates or numbers
    if name == "nationality" and not re.search(r"[A-Z]{3}", up):
        return False
    if name != "authority" and any(len(f) >= 5 and any(len(v) >= 5 and Levenshtein.distance(f, v) <= 1
                                                       for v in _LABEL_VOCAB) for f in map(_fold, text.split())):
        return False  # a label word (NAISSANCE read VAISSANCE), or the page's PASSPORT heading
    lower = sum(c.islower() for c in letters)
    return lower <= len(letters) * 0.2 and sum(c.isascii() for c in letters) >= len(letters) * 0.8


def _value_for(label: _Segment, row: list[_Segment], segs: list[_Segment], taken: set[int],
               today: date) -> list[OcrWord] | None:
    """The value of a label: beside it on its line, to its right on its row, or below it."""
    name = label.field or ""
    lx0, ly0, lx1, ly1 = label.bbox
    lh = label.height
    cands: list[list[OcrWord]] = []
    k = row.index(label)
    if k + 1 < len(row) and row[k + 1].field is None:
        cands.append(row[k + 1].words)
    in_row = {id(s) for s in row}
    right = [s for s in segs if s.field is None and id(s) not in in_row and id(s) not in taken and s.bbox[0] >= lx1 - lh
             and min(ly1, s.head[3]) - max(ly0, s.head[1]) >= 0.4 * min(lh, s.height) and s.bbox[0] - lx1 < 30 * lh]
    right.sort(key=lambda s: s.bbox[0])
    # only up to the next label on the row
    for s in right:
        if any(t.field and lx1 <= t.bbox[0] < s.bbox[0] and min(ly1, t.bbox[3]) - max(ly0, t.bbox[1]) > 0
               for t in segs):
            break
        cands.append(s.words)
    below = []
    for s in segs:
        if s.field is not None or id(s) in taken:
            continue
        x0, y0, x1, y1 = s.head
        dy = y0 - ly1
        if dy < -lh * 0.3 or dy > lh * 2.5:
            continue
        if x1 < lx0 - lh or x0 > lx1 + lh * 2 or abs(x0 - lx0) > lh * 4:
            continue
        if any(t.field and t is not label and ly1 - 0.3 * lh < t.bbox[1] and t.bbox[3] <= y0 + 0.3 * lh
               and t.bbox[0] < x1 and t.bbox[2] > x0 for t in segs):
            continue  # another label between: that label's value
        below.append((abs(dy) + abs(x0 - lx0) * 0.5, s))
    cands.extend(s.words for _, s in sorted(below, key=lambda x: x[0]))
    weak: list[OcrWord] | None = None
    for ws in cands:
        if name in _TEXT_FIELDS and parse_printed_date(" ".join(w.text for w in ws), kind="issue", today=today):
            continue  # a date is no name or place, whatever its words read alone
        raw_ws = ws
        ws = _clean_value_words(ws, name)
        if not ws:
            # Only words read with little confidence or in mixed case (AZIZz| for AZIZI): keep the
            # best of them as a weak reading of the slot rather than call the slot empty.
            rest = [w for w in raw_ws if sum(c.isupper() for c in w.text) >= max(3, 0.6 * sum(c.isalpha() for c in w.text))]
            if weak is None and name in ("surname", "given_names") and len(rest) == 1 and not re.search(r"\d", rest[0].text):
                weak = rest
            continue
        text = " ".join(w.text for w in ws)
        conf = sum(w.confidence for w in ws) / len(ws)
        if _valid(name, text, conf, today=today):
            return ws
        if weak is None and name in _TEXT_FIELDS and _valid(name, text.upper(), 0.99, today=today) and (
            sum(c.isupper() for c in text) >= max(3, 0.6 * sum(c.isalpha() for c in text))
        ):
            weak = ws  # a value in the slot, read too poorly to trust: kept, its low confidence says so
    return weak


def _continuation(val: list[OcrWord], segs: list[_Segment], taken: set[int]) -> list[OcrWord]:
    """A long name wrapped onto the next line: the value line right under it, on a row without a label."""
    x0, _, x1, y1 = val[0].bbox
    vh = max(6, sorted(w.bbox[3] - w.bbox[1] for w in val)[len(val) // 2])
    for s in segs:
        if s.field is not None or id(s) in taken:
            continue
        a0, b0, a1, b1 = s.head
        if not (0 <= b0 - y1 <= 0.8 * vh and abs(a0 - x0) <= vh and abs(s.height - vh) <= 0.3 * vh):
            continue
        if any(t.field and t.bbox[2] <= a0 + vh and min(b1, t.bbox[3]) - max(b0, t.bbox[1]) > 0.4 * s.height
               for t in segs):
            continue  # a label beside it: the next row's value
        if any(t.field and t.bbox[1] < b1 and t.bbox[3] > y1 - 0.3 * vh and t.bbox[0] < a1 and t.bbox[2] > a0
               for t in segs):
            continue  # a label between them: the next field's value
        text = s.text
        if re.search(r"[a-z\d]", text) or not re.search(r"[A-Z]{2}", text):
            continue
        if all(w in _COUNTRY_WORDS for w in re.sub(r"[^A-Z ]", " ", text).split()):
            continue
        return val + s.words
    return val


def _dropout(region: Image) -> Image:
    """The darkest-channel-free grey image: each pixel's brightest channel.

    Printed values and labels are dark in every channel; coloured security print, red SPECIMEN
    overprints and tinted backgrounds are bright in at least one, so they fade to white.
    """
    return brightest_channel(region)


@dataclass(frozen=True)
class _Unread:
    """A label found whose value was not read: where to look again."""

    box: tuple[int, int, int, int]


def printed_fields_from_lines(
    lines: list[OcrLine], today: date, unread: dict[str, _Unread] | None = None
) -> dict[str, tuple[list[OcrWord], float]]:
    """Labels and their values from the OCR lines of a data page: field -> (value words, confidence).

    Works for labels above values (ICAO grid), beside them (``Surname: HAKIMI``), bilingual
    labels (``Given names / Prénoms``) and long values wrapped onto a second line. ``unread``
    receives, for each label found without a value, the box where this page's layout puts it
    (below or beside, as most labels of the page have their values). Issue and expiry dates
    whose labels were lost are placed by their order (:func:`_dates_by_order`).
    """
    rows = [_segments(ln) for ln in lines]
    segs = [s for r in rows for s in r]
    row_of = {id(s): r for r in rows for s in r}
    labels = sorted((s for s in segs if s.field), key=lambda s: (s.bbox[1], s.bbox[0]))
    out: dict[str, tuple[list[OcrWord], float]] = {}
    taken: set[int] = set()
    beside_votes = 0
    for lab in labels:
        name = lab.field or ""
        if name.startswith("_") or name in out:
            continue
        ws = _value_for(lab, row_of[id(lab)], segs, taken, today)
        if ws is None:
            continue
        for s in segs:
            if any(w in s.words for w in ws):
                taken.add(id(s))
        if name in ("surname", "given_names", "place_of_birth", "authority"):
            ws = _continuation(ws, segs, taken)
            for s in segs:
                if any(w in s.words for w in ws):
                    taken.add(id(s))
        out[name] = (ws, sum(w.confidence for w in ws) / len(ws))
        lh = lab.height
        beside_votes += ws[0].bbox[1] < lab.bbox[3] - 0.3 * lh
    if unread is not None:
        _where_unread(labels, out, segs, beside_votes * 2 > len(out), unread)
    if "sex" not in out:
        # The sex label lost (under a stamp, merged with script debris): a lone M, F or X
        # nobody claimed is the only one-letter value of that kind on a data page.
        lone = [s for s in segs if s.field is None and id(s) not in taken
                and re.fullmatch(r"[MFX](/[MFXH])?", s.text.strip(" .,;:'")) and s.words[0].confidence >= 0.6]
        if len(lone) == 1:
            out["sex"] = (lone[0].words, lone[0].words[0].confidence * 0.9)
    if "issue_date" not in out or "expiry_date" not in out:
        _dates_by_order(out, [s.words for s in segs if s.field is None and id(s) not in taken], today)
    return out


def _dates_by_order(found: dict[str, tuple[list[OcrWord], float]], spare: list[list[OcrWord]], today: date) -> None:
    """Issue and expiry dates whose labels were lost, told by what passports always print.

    A passport is issued after its holder's birth, on or before today, and expires 4 to 11 years
    after issue. A full date no label claimed that fits exactly one of the missing slots, and
    only one such date, takes it (at a lower confidence: the label did not say so).
    """
    def iso(ws: list[OcrWord], kind: str) -> str | None:
        v = parse_printed_date(" ".join(w.text for w in ws), kind=kind, today=today)
        return v if v is not None and len(v) == 10 else None

    dob = iso(found["date_of_birth"][0], "birth") if "date_of_birth" in found else None
    known = {k: iso(found[k][0], "issue") for k in ("issue_date", "expiry_date") if k in found}
    cands = [(v, ws) for ws in spare if (v := iso(ws, "issue")) is not None and v not in known.values() and v != dob]

    def years(a: str, b: str) -> float:
        return (date.fromisoformat(b) - date.fromisoformat(a)).days / 365.25

    for _ in range(2):
        issue, expiry = known.get("issue_date"), known.get("expiry_date")
        if "issue_date" not in found:
            fit = [(v, ws) for v, ws in cands if v <= today.isoformat() and (dob is None or v > dob)
                   and (expiry is None or 4 <= years(v, expiry) <= 11)]
            if expiry is None:
                fit = [(v, ws) for v, ws in fit if any(4 <= years(v, u) <= 11 for u, _ in cands)]
            if len(fit) == 1:
                found["issue_date"] = (fit[0][1], 0.8 * sum(w.confidence for w in fit[0][1]) / len(fit[0][1]))
                known["issue_date"] = fit[0][0]
                continue
        if "expiry_date" not in found and issue is not None:
            fit = [(v, ws) for v, ws in cands if 4 <= years(issue, v) <= 11]
            if len(fit) == 1:
                found["expiry_date"] = (fit[0][1], 0.8 * sum(w.confidence for w in fit[0][1]) / len(fit[0][1]))
                known["expiry_date"] = fit[0][0]
                continue
        break


def _where_unread(labels: list[_Segment], found: Mapping[str, object], segs: list[_Segment], beside: bool,
                  unread: dict[str, _Unread]) -> None:
    """The box of each unread value: right of its label up to the next label, or under it."""
    for lab in labels:
        name = lab.field or ""
        if name.startswith("_") or name in found or name in unread:
            continue
        x0, y0, x1, y1 = lab.bbox
        lh = lab.height
        row_next = [t.bbox[0] for t in labels if t is not lab and t.bbox[0] > x1
                    and min(y1, t.bbox[3]) - max(y0, t.bbox[1]) > 0]
        if beside:
            right = min(row_next, default=x1 + 40 * lh)
            unread[name] = _Unread((x1 + lh // 2, y0 - int(0.7 * lh), right - lh // 2, y1 + int(0.3 * lh)))
        else:
            below_next = [t.bbox[1] for t in labels if t is not lab and t.bbox[1] > y1
                          and min(x1, t.bbox[2]) - max(x0, t.bbox[0]) > 0]
            right = min([t.bbox[0] for t in labels if t is not lab and t.bbox[0] > x1 + lh
                         and y1 < t.bbox[3] + 3 * lh and t.bbox[1] < y1 + 3 * lh], default=x0 + 40 * lh)
            bottom = min(below_next, default=y1 + int(2.6 * lh))
            unread[name] = _Unread((x0 - lh, y1, right - lh // 2, min(bottom, y1 + int(3 * lh))))
    del segs


def _read_again(ctx: ReadContext, image: Image, name: str, where: _Unread) -> tuple[list[OcrWord], float] | None:
    """Read the box where a label's value should be as one line (sparse reading drops lone letters)."""
    x0, y0, x1, y1 = where.box
    h, w = image.shape[:2]
    x0, y0, x1, y1 = max(0, x0), max(0, y0), min(w, x1), min(h, y1)
    if x1 - x0 < 8 or y1 - y0 < 8:
        return None
    # Twice the size: a lone capital at ~18 px is read as punctuation, at ~36 px as a letter.
    crop = scale(np.ascontiguousarray(image[y0:y1, x0:x1]), 2.0)
    got = _value_in(ctx, crop, name, (x0, y0))
    if got is None and crop.ndim == 2:
        # Grey security print left under the value: black and white at the crop's own threshold.
        got = _value_in(ctx, np.where(crop < _ink_threshold(crop), 0, 255).astype(np.uint8), name, (x0, y0))
    return got


def _ink_threshold(grey: Image) -> int:
    """Half way between the ink (the darkest 0.2 %) and the paper (the median): grey marks go white."""
    ink = float(np.percentile(grey, 0.2))
    paper = float(np.median(grey))
    return int((ink + paper) / 2)


def _value_in(ctx: ReadContext, crop: Image, name: str, origin: tuple[int, int]) -> tuple[list[OcrWord], float] | None:
    """The value of field ``name`` read as one line from ``crop`` (twice the page region's size)."""
    x0, y0 = origin
    res = ctx.engine.recognize(crop, lang="eng", psm=PageSegMode.SINGLE_LINE,
                               whitelist="MFX/<" if name == "sex" else None, invert=False)
    words = [OcrWord(wd.text, wd.confidence, (wd.bbox[0] // 2 + x0, wd.bbox[1] // 2 + y0, wd.bbox[2] // 2 + x0,
                                              wd.bbox[3] // 2 + y0), wd.block, wd.paragraph, wd.line, wd.word)
             for wd in res.words]
    if name in _TEXT_FIELDS and parse_printed_date(" ".join(wd.text for wd in words), kind="issue", today=ctx.today):
        return None
    words = _clean_value_words(words, name)
    if not words:
        return None
    text = " ".join(wd.text for wd in words)
    conf = sum(wd.confidence for wd in words) / len(words)
    if name == "sex":
        m = re.search(r"(?:^|\s)([MFX])(?:/[MFXH])?(?:\s|$)", text.upper())
        keep = [wd for wd in words if m and wd.text.upper().startswith(m.group(1))][:1]
        if not keep:
            return None
        words, text, conf = keep, keep[0].text, keep[0].confidence
    if not _valid(name, text, conf, today=ctx.today) or (name in _TEXT_FIELDS and conf < 0.6):
        return None  # an empty slot's background read as letters is not a name
    return words, conf * 0.9


#: A printed region at least this tall (pixels, as read) is read as two strips, one per thread.
STRIPS_MIN_HEIGHT = 240


def _read_in_strips(engine: OcrEngine, grey: Image, line_px: float) -> OcrResult:
    """Sparse-text OCR of the printed region as two overlapping strips, read at once on two threads.

    The page is cut at the quietest row of its middle fifth, and each strip reaches a margin past
    the cut (twice the zone's line height, at least a twentieth of the region), so every line near
    the cut lies whole in one strip and is kept from that one (:func:`join_strips`). The fields sit
    in rows, so a strip reads them as the whole region does; the two strips take about half the
    time of the region on a desk with two cores (the second thread joins when it is free:
    :func:`run_shared`). The same strips are read with one thread too, so
    a reading does not depend on the cores.
    """
    h = grey.shape[0]
    margin = int(max(2.0 * line_px, 0.05 * h))
    if h < STRIPS_MIN_HEIGHT or 4 * margin >= h:
        return engine.recognize(grey, lang="eng", psm=PageSegMode.SPARSE_TEXT, invert=False)
    lo, hi = int(0.4 * h), int(0.6 * h)
    ink = (255 - grey[lo:hi].astype(np.int32)).sum(axis=1) if grey.ndim == 2 else None
    cut = lo + int(np.argmin(ink)) if ink is not None and ink.size else h // 2
    top = np.ascontiguousarray(grey[: cut + margin])
    bottom = np.ascontiguousarray(grey[cut - margin :])
    a, b = run_shared([lambda: engine.recognize(top, lang="eng", psm=PageSegMode.SPARSE_TEXT, invert=False),
                       lambda: engine.recognize(bottom, lang="eng", psm=PageSegMode.SPARSE_TEXT, invert=False)])
    return join_strips(a, b, bottom_y=cut - margin, cut=cut)


def read_printed(ctx: ReadContext) -> dict[str, _Printed]:
    """Locate the printed fields above the zone by their labels; values as read (not normalised).

    The data page is found from the zone: as wide as the zone's ink, about 0.7 of that tall
    (ICAO TD3: 125 x 88 mm), ending at the zone. That region is scaled to ~1000 px wide so that
    small labels stay readable on photos and large scans stay fast, and read in its brightest
    channel so that coloured overprints do not cover the text (:func:`_dropout`).
    """
    page = ctx.page
    h, w = page.shape[:2]
    ox, oy = 0, 0
    region = page
    if ctx.mrz is not None:
        y_top = ctx.mrz.bbox[1]
        lh = ctx.mrz.line_height_px
        if lh > 5:
            # A zone box grown upwards (a stamp or dark print above the band) would hide the lowest
            # printed rows: the zone's text ends at its box's bottom and is at most ~6 lines tall.
            y_top = max(y_top, int(ctx.mrz.bbox[3] - 6 * lh))
        cx0, cx1 = ctx.mrz.core_x
        if cx1 - cx0 > 0.3 * w:
            cw = cx1 - cx0
            x0 = max(0, int(cx0 - 0.04 * cw))
            x1 = min(w, int(cx1 + 0.04 * cw))
            y0 = max(0, int(y_top - 0.72 * cw))
        else:
            x0, x1, y0 = 0, w, 0
        if y_top - y0 > 20:
            region = page[y0:y_top, x0:x1]
            ox, oy = x0, y0
    factor = min(2.0, max(0.5, PRINTED_WIDTH_PX / max(1, region.shape[1])))
    small = scale(region, factor) if abs(factor - 1.0) > 0.05 else region
    if small is region:
        factor = 1.0
    grey = _dropout(small)
    line_px = ctx.mrz.line_height_px * factor if ctx.mrz is not None else 0.0
    res = _read_in_strips(ctx.engine, grey, line_px)
    ctx.keep_words(res, offset=(ox, oy), factor=factor)
    lines = _split_lines(_join_near(res.lines))
    inv = 1.0 / factor if factor else 1.0
    out: dict[str, _Printed] = {}
    unread: dict[str, _Unread] = {}
    found = printed_fields_from_lines(lines, ctx.today, unread)
    for name, where in unread.items():
        if name in found or name not in PRINTED_FIELDS:
            continue
        again = _read_again(ctx, grey, name, where)
        if again is not None:
            found[name] = again
    if "document_number" not in found and ctx.mrz is not None and ctx.mrz.result.document_number:
        by_likeness = _number_like_the_zones(lines, ctx.mrz.result.document_number)
        if by_likeness is not None:
            found["document_number"] = by_likeness
    for name, (ws, conf) in found.items():
        text = " ".join(w.text for w in ws)
        vb = (min(w.bbox[0] for w in ws), min(w.bbox[1] for w in ws), max(w.bbox[2] for w in ws),
              max(w.bbox[3] for w in ws))
        bbox = (int(vb[0] * inv) + ox, int(vb[1] * inv) + oy, int(vb[2] * inv) + ox, int(vb[3] * inv) + oy)
        out[name] = _Printed(text.strip(), text, conf, bbox)
    return out


#: A numeric date whose day has one digit, as read.
_ONE_DIGIT_DAY = re.compile(r"^\D{0,3}(?<!\d)\d[./\- ]+\d{1,2}[./\- ]+\d{2,4}\b")
#: Highest confidence of a printed date read with one digit of its day (a digit lost at a box edge).
DIGIT_LOST_CONFIDENCE = 0.5

#: Highest confidence of a printed number found by its likeness to the zone's, not by its label.
NUMBER_BY_LIKENESS_CONFIDENCE = 0.7
#: A word read less surely than this is not taken for the number by likeness (specks, a cut-off read).
_LIKENESS_MIN_WORD_CONFIDENCE = 0.5


def _number_like_the_zones(lines: Sequence[OcrLine], zone_number: str) -> tuple[list[OcrWord], float] | None:
    """The printed passport number found by its likeness to the zone's when its label was not read.

    Labels printed small beside large values (a third of their height) are lost on a photo while
    the values read. A passport number is one word of letters and digits, as long as the zone's;
    the one word at most two characters from it (closest, and alone that close) is the printed
    number: a forged page differs from its zone by a digit or two, a misread one by a confusion.
    Not as sure as a labelled value (:data:`NUMBER_BY_LIKENESS_CONFIDENCE`).
    """
    want = re.sub(r"[^A-Z0-9]", "", zone_number.upper())
    if len(want) < 6:
        return None
    scored: list[tuple[int, OcrWord]] = []
    for ln in lines:
        for w in ln.words:
            text = re.sub(r"[^A-Z0-9]", "", w.text.upper())
            if (w.confidence < _LIKENESS_MIN_WORD_CONFIDENCE or abs(len(text) - len(want)) > 1
                    or sum(c.isdigit() for c in text) < len(want) // 2):
                continue
            d = Levenshtein.distance(_unconfused(text), _unconfused(want))
            if d <= 2:
                scored.append((d, w))
    scored.sort(key=lambda t: t[0])
    if not scored or (len(scored) > 1 and scored[1][0] == scored[0][0]):
        return None
    w = scored[0][1]
    return [w], min(w.confidence, NUMBER_BY_LIKENESS_CONFIDENCE)


def _unconfused(s: str) -> str:
    table: dict[str, str | int | None] = dict(CONFUSIONS)
    return s.upper().translate(str.maketrans(table))


def _letters(s: str) -> str:
    return re.sub(r"[^A-Z]", "", s.upper())


def normalise_printed_name(s: str) -> str:
    """Upper-case letters, single spaces and inner hyphens (apostrophes dropped)."""
    t = re.sub(r"[^A-Z\- ]", " ", s.upper().replace("'", ""))
    t = re.sub(r"\s*-\s*", "-", t).strip(" -")
    return " ".join(t.split())


_DIGIT_LOOKALIKES = str.maketrans({"O": "0", "o": "0", "D": "0", "Q": "0", "I": "1", "l": "1", "|": "1", "i": "1",
                                   "S": "5", "s": "5", "B": "8", "Z": "2", "z": "2", "G": "6"})


def _date_text(s: str) -> str:
    """A printed date made regular: accents dropped, capitals, digit look-alikes inside numbers fixed."""
    t = unicodedata.normalize("NFKD", s)
    t = "".join(c for c in t if not unicodedata.combining(c))
    toks = []
    for tok in re.split(r"(\s+)", t):
        # A number with letters OCR confuses for digits (3O.O4.2O29, 1I/05/1990) is a number.
        parts = re.split(r"([/.\-])", tok)
        fixed = []
        for p in parts:
            if re.search(r"\d", p) and re.fullmatch(r"[0-9OoDQIl|iSsBZzG]+", p):
                p = p.translate(_DIGIT_LOOKALIKES)
            elif re.fullmatch(r"[A-Za-z0-9]{3,4}", p) and re.search(r"\d", p):
                m = p.upper().translate(str.maketrans("0158", "OISB"))
                if m in _MONTH_WORDS:
                    p = m  # 0CT, N0V: a month with a letter read as a digit
            fixed.append(p)
        toks.append("".join(fixed))
    t = "".join(toks).upper()
    return re.sub(r"[^0-9A-Z/.\- ]", " ", t)


def normalise_place(s: str) -> str:
    """A printed place of birth without the country after it (``KABUL, AFG`` -> ``KABUL``)."""
    head, sep, tail = s.upper().partition(",")
    if sep and normalise_printed_name(head) and (
        normalise_printed_name(tail) in _COUNTRY_WORDS or re.fullmatch(r"\s*[A-Z]{3}\.?\s*", tail)
    ):
        return normalise_printed_name(head)
    words = normalise_printed_name(s).split(" ")
    while len(words) > 1 and words[-1] in _COUNTRY_WORDS:
        words.pop()  # the comma lost to OCR
    return " ".join(words)


def parse_printed_date(s: str, *, kind: str, today: date, expiry: int | None = None) -> str | None:
    """ISO date (or ``YYYY-MM`` / ``YYYY`` when the page prints X for unknown parts) from a printed date.

    Forms: ``12 MAR 1990``, ``12 MAR/MARS 90``, ``12/03/1990``, ``12.03.1990``, ``12 03 1990``,
    ``1990-03-12``; a Solar Hijri date printed beside the Gregorian one (``1368/12/21``) is
    used only when no Gregorian date is read, and converted. Day before month in numeric dates
    (the order passports print).
    """
    t = _date_text(s)
    day: str
    month: str
    year: str
    solar = False
    m = re.search(r"(?<![\dA-Z])(\d{1,2}|XX)\s*[/.\-]\s*(\d{1,2}|XX)\s*[/.\-]\s*(\d{4}|\d{2})(?!\d)", t)
    m_word = re.search(
        r"(?<![\dA-Z])(\d{1,2}|XX)\s*[/.\-]?\s*([A-Z]{3,9}|XXX)\.?(?:\s*/\s*[A-Z]{3,5}\.?)?\s*[/.\-]?\s*(\d{4}|\d{2})(?!\d)", t)
    m_iso = re.search(r"(?<!\d)(\d{4})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{1,2})(?!\d)", t)
    m_space = re.search(r"(?<![\dA-Z])(\d{1,2}|XX)\s+(\d{1,2}|XX)\s+(\d{4})(?!\d)", t)
    word = m_word.group(2) if m_word else ""
    if m_word and word not in _MONTH_WORDS and word[:3] in _MONTHS and (
        word[3:] in _MONTH_WORDS or word[4:] in _MONTH_WORDS
    ):
        word = word[:3]  # APRIAVR: the slash of APR/AVR read as a letter
    if m_word and (word in _MONTH_WORDS or word == "XXX"):
        day, month, year = m_word.group(1), str(_MONTH_WORDS.get(word, "XX")), m_word.group(3)
    elif m:
        day, month, year = m.group(1), m.group(2), m.group(3)
    elif m_iso and int(m_iso.group(1)) >= 1800:
        year, month, day = m_iso.group(1), m_iso.group(2), m_iso.group(3)
    elif m_space:
        day, month, year = m_space.group(1), m_space.group(2), m_space.group(3)
    elif m_iso and 1300 <= int(m_iso.group(1)) <= 1500:
        year, month, day = m_iso.group(1), m_iso.group(2), m_iso.group(3)
        solar = True
    else:
        return None
    if solar:
        from workstation.matching.dates import solar_hijri_to_gregorian

        try:
            return solar_hijri_to_gregorian(int(year), int(month), int(day)).isoformat()
        except ValueError:
            return None
    if len(year) == 2:
        yy = int(year)
        y = expiry_year(yy, today) if kind == "expiry" else birth_year(yy, today, expiry) if kind == "birth" else 2000 + yy
    else:
        y = int(year)
    if not 1900 <= y <= 2100:
        return None
    if month.startswith("X"):
        return f"{y:04d}"
    mo = int(month)
    if not 1 <= mo <= 12:
        return None
    if day.startswith("X"):
        return f"{y:04d}-{mo:02d}"
    try:
        return date(y, mo, int(day)).isoformat()
    except ValueError:
        return None


def reconcile_name(mrz_value: str, printed_value: str) -> str | None:
    """The printed name when the zone's only extra characters are filler look-alikes.

    ``HABIBAK`` (zone) vs ``HABIBA`` (page) gives ``HABIBA``; ``MOHAMMAD K NASIR`` vs
    ``MOHAMMAD NASIR`` gives ``MOHAMMAD NASIR``. Any other difference gives ``None``.
    """
    a = mrz_value.replace(" ", "")
    b = printed_value.replace(" ", "")
    if not b or a == b:
        return None
    i = j = 0
    while i < len(a):
        if j < len(b) and a[i] == b[j]:
            i += 1
            j += 1
        elif a[i] in FILLER_LOOKALIKES or a[i] in "S":
            i += 1
        else:
            return None
    return printed_value if j == len(b) else None


# --------------------------------------------------------------------------------------------
# The reader
# --------------------------------------------------------------------------------------------


def _compare_name(
    ctx: ReadContext, name: str, mf: FieldValue, pf: FieldValue, mrz: MrzResult | None
) -> tuple[bool, FieldValue | None, str]:
    """Compare a zone name with the printed one: ``(agree, field to use or None, note)``."""
    from workstation.documents.reading import FieldValue

    label = name.replace("_", " ")
    if _letters(mf.value) == _letters(pf.value):
        # Same letters: the page may keep a hyphen the zone cannot write.
        value = pf.value if "-" in pf.value else mf.value
        return True, FieldValue(value, max(mf.confidence, 0.97), 1, mf.bbox, "mrz", mf.raw), ""
    # A name field with at most two fillers left may have been cut at a name-part boundary.
    names_line = "" if mrz is None else mrz.lines[2] if mrz.format == "TD1" else mrz.lines[0]
    nearly_full = mrz is not None and (mrz.names_truncated or len(names_line.rstrip("<")) >= len(names_line) - 2)
    if nearly_full and _letters(pf.value).startswith(_letters(mf.value)) and len(_letters(pf.value)) > len(_letters(mf.value)):
        # The zone cut the name short (ICAO truncation); the page prints it whole.
        return True, FieldValue(pf.value, min(0.9, pf.confidence), 1, pf.bbox, "printed", pf.raw), (
            f"{label} truncated in the MRZ: full name from the printed page"
        )
    fixed = reconcile_name(mf.value, pf.value)
    if fixed is not None:
        return True, FieldValue(fixed, min(0.97, max(mf.confidence, pf.confidence)), 1, mf.bbox, "mrz", mf.raw), (
            f"MRZ {label}: filler characters read as letters, corrected from the printed page"
        )
    if ctx.mrz is not None:
        # Two reads disagree and no check digit can arbitrate: read the zone again at other
        # scales; a re-read that agrees letter for letter with the page settles it.
        for px in (48, 28):
            again, _ = read_band(ctx.engine, ctx.page, ctx.mrz.bbox, ctx.today, line_px=px)
            if again is None:
                continue
            v = again.surname if name == "surname" else again.given_names
            if _letters(v) == _letters(pf.value):
                value = pf.value if "-" in pf.value else v
                return True, FieldValue(value, 0.95, 1, mf.bbox, "mrz", mf.raw), (
                    f"MRZ {label} settled by a second read agreeing with the printed page"
                )
            fixed = reconcile_name(v, pf.value)
            if fixed is not None:
                return True, FieldValue(fixed, 0.93, 1, mf.bbox, "mrz", mf.raw), (
                    f"MRZ {label} settled by a second read agreeing with the printed page"
                )
    return False, None, ""


#: Confidence given to a printed reading that is evidently partial (checks send it to review).
_PARTIAL_CONFIDENCE = 0.5


def _read_in_part(zone: str, page: str) -> bool:
    """Whether the page's letters look like part of the zone's name read, not another name.

    The start or end of it (``SA``, ``DZAMAN``), a reading that starts inside it (``ATULLAHSAYED...``
    against ``...RAHMATULLAHSAYED``: the line's start lost), or one that keeps to it for three
    quarters of its length and then breaks off (``MOHAMMADABDULRAHTU``).
    """
    if len(page) < len(zone) and (zone.startswith(page) or zone.endswith(page)):
        return True
    if len(page) >= 6 and zone.find(page[:6]) > 0:
        return True
    common = len(os.path.commonprefix([zone, page]))
    return common >= 6 and common >= 0.75 * len(page) and len(page) <= len(zone)


def _doubt_printed(printed: dict[str, FieldValue], zone: Mapping[str, FieldValue]) -> list[str]:
    """Lower the confidence of printed readings that are evidently incomplete; say why.

    * A name whose letters are only the start or the end of the zone's (``SA`` for ``SAYED
      JALALUDDIN``, ``D ZAMAN`` for ``MOHAMMAD ZAMAN``): a line read in part, not a different name.
    * A date read with a two-digit year on a page whose other dates print four (``23.08.19``
      for ``23.08.1996``): the year was cut short.
    * A nationality that is neither the zone's code nor a nationality word (a name read in its slot).

    OCR's word confidence is high on such readings, so without this a partial read would
    look like a confident disagreement with the zone (a forgery sign) instead of a review.
    """
    notes: list[str] = []
    for name in ("surname", "given_names"):
        pf, mf = printed.get(name), zone.get(name)
        if pf is None or mf is None:
            continue
        a, b = _letters(mf.value), _letters(pf.value)
        if b and a != b and _read_in_part(a, b):
            printed[name] = replace(pf, confidence=min(pf.confidence, _PARTIAL_CONFIDENCE))
            notes.append(f"printed {name.replace('_', ' ')} read in part: compare with the document")
    pn, mn = printed.get("nationality"), zone.get("nationality")
    if pn is not None and mn is not None and pn.value != mn.value and not (
        set(pn.value.split()) & _COUNTRY_WORDS or re.fullmatch(r"[A-Z]{3}", pn.value)
    ):
        # Neither the zone's code nor a nationality word this desk knows: likely another line read.
        printed["nationality"] = replace(pn, confidence=min(pn.confidence, _PARTIAL_CONFIDENCE))
        notes.append("printed nationality not recognised: compare with the document")
    raws = {k: v.raw or "" for k, v in printed.items() if k in ("date_of_birth", "issue_date", "expiry_date")}
    if any(re.search(r"(?<!\d)\d{4}(?!\d)", r) for r in raws.values()):
        for k, r in raws.items():
            if not re.search(r"(?<!\d)\d{4}(?!\d)", r):
                printed[k] = replace(printed[k], confidence=min(printed[k].confidence, _PARTIAL_CONFIDENCE))
                notes.append(f"printed {k.replace('_', ' ')} read without its full year: compare with the document")
    return notes


#: Text line heights (pixels) of the two extra reads of a printed number that disagrees with the zone.
NUMBER_REREAD_LINE_PX = (60, 40)
#: Confidence of zone names that at most one of three or more reads gave (the checks review them).
#: On 276 bench passports whose zone was read, 3 had names so unsupported: one right, one wrong
#: (``SKALZIZI AZIZ`` for the single name ``AZIZI``), one unread; case 253 of seed 6 failed a
#: benign record on ``MUJADDIDAMJR AHMAD``, one read of seven.
UNSETTLED_NAMES_CONFIDENCE = 0.5
#: Confidence a printed number keeps when no two of its three reads agree: an unsure reading,
#: below the policy's bar for a forgery sign (a review, not a fail).
UNSETTLED_NUMBER_CONFIDENCE = 0.6
#: Confidence at least of a printed number whose three reads (the page's and the two alone) all give the
#: same digits. Tesseract's mean confidence on a lone number says little: forgeries 262 and 668 of seed 6
#: had their altered digit read alike three times at 0.80 and 0.66, under the forgery bar (0.8), and went
#: to review. On 720 bench cases 31 printed numbers were read so, every one with the digits printed.
ALL_READS_AGREE_CONFIDENCE = 0.85


def _number_read_again(ctx: ReadContext, pf: FieldValue) -> FieldValue:
    """A printed number that disagrees with the zone, read twice more on its own and voted on.

    Word confidence on numbers says little (a 2 read as 0 at 0.88 made a false forgery sign), so
    the number alone is read again at two sizes, letters and digits only. Reads count as the same
    when they differ only by O/0-type confusions. The number two of the three reads give stands,
    with the best confidence among them (two independent reads agreeing is the evidence), at least
    :data:`ALL_READS_AGREE_CONFIDENCE` when all three give the same digits; when the first read is
    outvoted the agreeing reads' number replaces it. No two alike: the first reading is kept at
    :data:`UNSETTLED_NUMBER_CONFIDENCE`.
    """
    assert pf.bbox is not None
    x0, y0, x1, y1 = pf.bbox
    h = max(4, y1 - y0)
    H, W = ctx.page.shape[:2]
    crop = ctx.page[max(0, y0 - h // 2):min(H, y1 + h // 2), max(0, x0 - h):min(W, x1 + h)]
    if crop.size == 0:
        return pf
    grey = steadied(_tallest_ink_row(_dropout(np.ascontiguousarray(crop))))
    h = min(h, grey.shape[0])
    reads = [(pf.value, pf.confidence)]
    for px in NUMBER_REREAD_LINE_PX:
        res = ctx.engine.recognize(scale(grey, min(4.0, px / h)), lang="eng", psm=PageSegMode.SINGLE_LINE,
                                   whitelist="ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")
        again = re.sub(r"[^A-Z0-9]", "", res.text.upper())
        if abs(len(again) - len(pf.value)) <= 1 and len(again) >= 5:
            # Only a read of the same number counts (specks or a cut-off read give fragments).
            reads.append((again, res.mean_confidence))
    votes = Counter(_unconfused(v) for v, _ in reads)
    key, n = votes.most_common(1)[0]
    raw = " / ".join(v for v, _ in reads)
    if n < 2:
        return replace(pf, confidence=min(pf.confidence, UNSETTLED_NUMBER_CONFIDENCE), raw=raw)
    agreeing = [(v, c) for v, c in reads if _unconfused(v) == key]
    value = pf.value if _unconfused(pf.value) == key else max(agreeing, key=lambda vc: vc[1])[0]
    confidence = max(c for _, c in agreeing)
    if len(reads) >= 3 and len({re.sub(r"[^0-9]", "", v) for v, _ in reads}) == 1:
        confidence = max(confidence, ALL_READS_AGREE_CONFIDENCE)
    return replace(pf, value=value, confidence=confidence, raw=raw)


def _tallest_ink_row(grey: Image) -> Image:
    """The crop's tallest row of ink, with a margin: the value, not the small label above or below it
    that a word box grown over both brought in (a single-line read of two lines reads nothing)."""
    runs = true_runs((grey < _ink_threshold(grey)).sum(axis=1) > 0)
    if len(runs) < 2:
        return grey
    a, b = max(runs, key=lambda r: r[1] - r[0])
    m = max(2, (b - a) // 3)
    return grey[max(0, a - m):min(grey.shape[0], b + m)]


def _zone_with_settled_names(mrz: MrzResult, fields: Mapping[str, FieldValue]) -> MrzResult:
    """The zone with its name field rewritten from names the printed page proved.

    Only when the settled names are letter-for-letter what a second read or the page showed
    (``source`` still ``mrz``) and they fit the field; each changed character is recorded as a
    repair with proof ``printed_page``.
    """
    sur = fields.get("surname")
    giv = fields.get("given_names")
    new_sur = sur.value if sur is not None and sur.source == "mrz" else mrz.surname
    new_giv = giv.value if giv is not None and giv.source == "mrz" else mrz.given_names
    if (_letters(new_sur), _letters(new_giv)) == (_letters(mrz.surname), _letters(mrz.given_names)) and (
        new_sur.replace("-", " ") == mrz.surname and new_giv.replace("-", " ") == mrz.given_names
    ):
        return mrz
    primary = "<".join(re.sub(r"[^A-Z ]", " ", new_sur.upper()).split())
    secondary = "<".join(re.sub(r"[^A-Z ]", " ", new_giv.upper()).split())
    body = primary + ("<<" + secondary if secondary else "") if primary else "<<" + secondary
    if len(body) > 39:
        return mrz
    line1 = mrz.lines[0][:5] + (body + "<" * 39)[:39]
    repairs = list(mrz.repairs)
    for pos, (a, b) in enumerate(zip(mrz.lines[0], line1, strict=True)):
        if a != b:
            repairs.append(MrzRepair("names", 0, pos, a, b, "printed_page"))
    return replace(
        mrz,
        lines=(line1, *mrz.lines[1:]),
        surname=" ".join(primary.split("<")),
        given_names=" ".join(secondary.split("<")),
        repairs=tuple(repairs),
    )


def _mrz_bbox(ctx: ReadContext, line: int, start: int, end: int) -> tuple[int, int, int, int] | None:
    if ctx.mrz is None:
        return None
    x0, y0, x1, y1 = ctx.mrz.bbox
    n = len(ctx.mrz.result.lines)
    width = len(ctx.mrz.result.lines[0])
    lh = (y1 - y0) / n
    cw = (x1 - x0) / width
    return (int(x0 + start * cw), int(y0 + line * lh), int(x0 + end * cw), int(y0 + (line + 1) * lh))


def read_passport(ctx: ReadContext) -> DocumentReading:
    """Read a passport data page from a prepared, upright page."""
    from workstation.documents.reading import DocumentReading, FieldValue

    warnings: list[str] = []
    fields: dict[str, FieldValue] = {}
    mrz: MrzResult | None = ctx.mrz.result if ctx.mrz else None
    if ctx.cancel is not None:
        ctx.cancel.raise_if_set()
    printed = read_printed(ctx)
    exp_year: int | None = None
    if mrz is not None:
        if mrz.expiry_date:
            exp_year = int(mrz.expiry_date[:4])
        conf = ctx.mrz.confidence if ctx.mrz else 0.0
        checks = mrz.checks

        def cd_conf(name: str) -> float:
            return _MRZ_CONFIDENCE_VALID if checks.get(name) and checks.get("composite") else min(0.6, conf)

        td3 = mrz.format == "TD3"
        layout = {
            "surname": (0, 5, 44) if td3 else (0, 5, 36),
            "given_names": (0, 5, 44) if td3 else (0, 5, 36),
            "document_number": (1, 0, 10),
            "nationality": (1, 10, 13),
            "date_of_birth": (1, 13, 20),
            "sex": (1, 20, 21),
            "expiry_date": (1, 21, 28),
            "issuing_country": (0, 2, 5),
        }
        values = {
            "surname": mrz.surname,
            "given_names": mrz.given_names,
            "document_number": mrz.document_number,
            "nationality": mrz.nationality,
            "date_of_birth": mrz.date_of_birth,
            "sex": mrz.sex,
            "expiry_date": mrz.expiry_date,
            "issuing_country": mrz.issuing_state,
        }
        # A zone whose every check digit holds was read well as a whole: the characters no
        # check digit covers (codes, sex) share that evidence, names still need the printed page.
        zone_conf = max(conf, 0.9) if mrz.valid else conf
        names_conf = zone_conf * 0.9
        agree, reads = ctx.mrz.name_reads if ctx.mrz else (0, 0)
        if reads >= 3 and agree <= 1:
            # No check digit covers the names: when at most one of three or more reads gives them
            # as chosen, they are a guess until the printed page confirms them.
            names_conf = min(names_conf, UNSETTLED_NAMES_CONFIDENCE)
            warnings.append(f"MRZ names read differently by {reads - agree} of {reads} reads of the zone")
        confs = {
            "surname": names_conf,
            "given_names": names_conf,
            "document_number": cd_conf("document_number"),
            "nationality": zone_conf,
            "date_of_birth": cd_conf("date_of_birth"),
            "sex": zone_conf,
            "expiry_date": cd_conf("expiry_date"),
            "issuing_country": zone_conf,
        }
        for name in PASSPORT_FIELDS:
            v = values[name]
            if not v and name not in ("surname", "given_names"):
                continue
            ln, a, b = layout[name]
            fields[name] = FieldValue(v, max(0.0, min(1.0, confs[name])), 1, _mrz_bbox(ctx, ln, a, b), "mrz", v)
        if not mrz.valid:
            bad = [k for k, ok in mrz.checks.items() if not ok]
            if bad:
                warnings.append(f"MRZ check digit failed: {', '.join(bad)}")
        warnings.extend(f"MRZ: {w}" for w in mrz.warnings if w != "date of birth partly unknown")
    else:
        warnings.append("no machine-readable zone found: fields come from the printed page only")

    # Printed page: normalise, compare with the zone.
    printed_fields: dict[str, FieldValue] = {}
    for name, p in printed.items():
        value: str | None
        if name in ("surname", "given_names"):
            value = normalise_printed_name(p.value)
        elif name == "place_of_birth":
            value = normalise_place(p.value)
        elif name == "authority":
            value = " ".join(re.sub(r"[^A-Z0-9.,\- ]", " ", p.value.upper()).split()) or None
        elif name == "document_number":
            value = re.sub(r"[^A-Z0-9]", "", p.value.upper())
        elif name == "sex":
            m = re.search(r"\b([MFX])\b", p.value.upper())
            value = m.group(1) if m else None
        elif name == "nationality":
            value = normalise_printed_name(p.value)
        else:
            kind = {"date_of_birth": "birth", "expiry_date": "expiry"}.get(name, "issue")
            value = parse_printed_date(p.value, kind=kind, today=ctx.today, expiry=exp_year)
        if value and name in ("date_of_birth", "issue_date") and value[:10] > ctx.today.isoformat():
            value = None  # a birth or issue date after today is a misread digit (2025 read 2075)
        conf = p.confidence
        if value and name in ("date_of_birth", "issue_date", "expiry_date") and _ONE_DIGIT_DAY.match(p.value):
            # A data page prints two-digit days (ICAO 9303): ``6/09/2033`` lost a digit of ``26``.
            conf = min(conf, DIGIT_LOST_CONFIDENCE)
        if value:
            printed_fields[name] = FieldValue(value, conf, 1, p.bbox, "printed", p.raw)
    warnings.extend(_doubt_printed(printed_fields, fields))

    consistency: dict[str, str] = {}
    for name in ("surname", "given_names", "document_number", "date_of_birth", "sex", "expiry_date"):
        mf, pf = fields.get(name), printed_fields.get(name)
        if mf is None or pf is None:
            consistency[name] = "unread"
            continue
        if name in ("surname", "given_names"):
            same, settled, note = _compare_name(ctx, name, mf, pf, mrz)
            if settled is not None:
                fields[name] = settled
            if note:
                warnings.append(note)
        elif name == "sex":
            same = mf.value == pf.value or {mf.value, pf.value} <= {"X", "<"}
        elif name == "document_number":
            # The printed number is OCR of a proportional font: O/0-type confusions there are
            # not a disagreement (the zone's number is proved by its check digit).
            same = _unconfused(mf.value) == _unconfused(pf.value)
            if not same and pf.bbox is not None:
                pf = printed_fields[name] = _number_read_again(ctx, pf)
                same = _unconfused(mf.value) == _unconfused(pf.value)
            if same and mf.value != pf.value and mrz is not None and mrz.checks.get("document_number"):
                # The page's glyphs cannot tell O from 0; the zone's check digit proves which it is.
                printed_fields[name] = replace(pf, value=mf.value)
        else:
            same = mf.value == pf.value
        consistency[name] = "match" if same else "mismatch"
        if not same:
            warnings.append(f"MRZ and printed page disagree on {name.replace('_', ' ')}")
    if mrz is None:
        for name in ("surname", "given_names", "document_number", "date_of_birth", "sex", "expiry_date", "nationality"):
            if name in printed_fields:
                fields[name] = printed_fields[name]
    for name in PRINTED_ONLY_FIELDS:
        if name in printed_fields:
            fields[name] = printed_fields[name]
    if mrz is not None and mrz.expiry_date and len(mrz.expiry_date) == 10 and mrz.expiry_date < ctx.today.isoformat():
        warnings.append(f"passport expired on {mrz.expiry_date}")
    if mrz is not None and mrz.format == "TD3" and not mrz.names_truncated:
        mrz = _zone_with_settled_names(mrz, fields)
    return DocumentReading(
        file=ctx.source.file_name,
        sha256=ctx.source.sha256,
        kind="passport",
        fields=fields,
        mrz=mrz,
        mrz_bbox=ctx.mrz.bbox if ctx.mrz else None,
        mrz_confidence=ctx.mrz.confidence if ctx.mrz else 0.0,
        printed_fields=printed_fields,
        consistency=consistency,
        warnings=tuple(warnings),
    )
