"""The passport data page: MRZ fields, printed fields located by labels, and their comparison.

Names are covered by no check digit, so the printed page is their only cross-check: a name
that differs between the zone and the page is a warning (a forgery sign or an OCR error the
officer must look at). When the only difference is filler characters OCR glued to a name in
the zone (``HABIBAK`` for ``HABIBA<``), the printed page proves the repair and it is recorded.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import date
from typing import TYPE_CHECKING

from workstation.documents.mrz import (
    CONFUSIONS,
    FILLER_LOOKALIKES,
    MrzRepair,
    MrzResult,
    birth_year,
    expiry_year,
)
from workstation.documents.mrz_reader import read_band
from workstation.imaging.geometry import scale
from workstation.ocr import OcrLine, PageSegMode

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

#: Label words (lower case) of each printed field, English and French as on ICAO data pages.
LABELS: dict[str, tuple[str, ...]] = {
    # OCR variants included: "rn" read as "m" (Sumame), first letters lost under a stamp.
    "surname": ("surname", "sumame", "surnarne", "urname", "nom"),
    "given_names": ("given name", "given names", "iven name", "prénoms", "prenoms"),
    "document_number": ("passport no", "passport number", "no. du passeport", "passport n", "assport no"),
    "nationality": ("nationality", "nationalité", "nationalit", "ationality"),
    "date_of_birth": ("date of birth", "of birth", "date de naissance", "de naissance"),
    "sex": ("sex", "sexe"),
    "place_of_birth": ("place of birth", "lace of birth", "lieu de naissance"),
    "issue_date": ("date of issue", "of issue", "date de délivrance", "délivrance", "delivrance"),
    "expiry_date": ("date of expiry", "of expiry", "date d'expiration", "expiration", "date of expiration"),
}
_MONTHS = {m: i for i, m in enumerate(
    ("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"), start=1)}
_MRZ_CONFIDENCE_VALID = 0.99
#: Width the printed data page is scaled to before OCR (labels ~12 px tall at 1000 px).
PRINTED_WIDTH_PX = 1000.0


@dataclass(frozen=True)
class _Printed:
    value: str
    raw: str
    confidence: float
    bbox: tuple[int, int, int, int]


# --------------------------------------------------------------------------------------------
# Printed page
# --------------------------------------------------------------------------------------------


def _label_of(text: str) -> str | None:
    low = text.lower().strip(" :/")
    best: tuple[int, str] | None = None
    for name, words in LABELS.items():
        for w in words:
            if w == "sex" and not re.search(r"\bsex\b", low):
                continue
            if w == "nom" and not re.search(r"(^|/\s*)nom\b", low):
                continue
            if w in low and (best is None or len(w) > best[0]):
                best = (len(w), name)
    return best[1] if best else None


def _value_below(label: OcrLine, lines: list[OcrLine]) -> OcrLine | None:
    lx0, ly0, lx1, ly1 = label.bbox
    lh = max(8, ly1 - ly0)
    best: tuple[float, OcrLine] | None = None
    for ln in lines:
        if ln is label or _label_of(ln.text):
            continue
        x0, y0, x1, y1 = ln.bbox
        dy = y0 - ly1
        if dy < -lh * 0.3 or dy > lh * 2.5:
            continue
        if x1 < lx0 - lh or x0 > lx1 + lh * 2 or abs(x0 - lx0) > lh * 4:
            continue
        d = abs(dy) + abs(x0 - lx0) * 0.5
        if best is None or d < best[0]:
            best = (d, ln)
    return best[1] if best else None


def _with_continuation(val: OcrLine, lines: list[OcrLine]) -> OcrLine:
    """A long name printed on two lines: join the line right below that is not a label."""
    x0, y0, x1, y1 = val.bbox
    vh = max(8, y1 - y0)
    for ln in lines:
        if ln is val or _label_of(ln.text):
            continue
        a0, b0, a1, b1 = ln.bbox
        if 0 <= b0 - y1 <= 0.8 * vh and abs(a0 - x0) <= vh and abs((b1 - b0) - vh) <= 0.35 * vh:
            return _line(list(val.words) + list(ln.words))
    return val


def _split_lines(lines: tuple[OcrLine, ...]) -> list[OcrLine]:
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


def _line(words: list) -> OcrLine:  # type: ignore[type-arg]
    from workstation.ocr.model import union_bbox

    return OcrLine(
        text=" ".join(w.text for w in words),
        confidence=sum(w.confidence for w in words) / len(words),
        bbox=union_bbox([w.bbox for w in words]),
        words=tuple(words),
    )


def read_printed(ctx: ReadContext) -> dict[str, _Printed]:
    """Locate the printed fields above the zone by their labels; values as read (not normalised).

    The data page is found from the zone: as wide as the zone's ink, about 0.7 of that tall
    (ICAO TD3: 125 x 88 mm), ending at the zone. That region is scaled to ~1000 px wide so that
    small labels stay readable on photos and large scans stay fast.
    """
    page = ctx.page
    h, w = page.shape[:2]
    ox, oy = 0, 0
    region = page
    if ctx.mrz is not None:
        y_top = ctx.mrz.bbox[1]
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
    res = ctx.engine.recognize(small, lang="eng", psm=PageSegMode.SPARSE_TEXT)
    ctx.keep_words(res, offset=(ox, oy), factor=factor)
    lines = _split_lines(res.lines)
    out: dict[str, _Printed] = {}
    for ln in lines:
        name = _label_of(ln.text)
        if name is None or name in out:
            continue
        val = _value_below(ln, lines)
        if val is None:
            continue
        if name in ("surname", "given_names", "place_of_birth"):
            val = _with_continuation(val, lines)
        inv = 1.0 / factor if factor else 1.0
        vb = val.bbox
        bbox = (int(vb[0] * inv) + ox, int(vb[1] * inv) + oy, int(vb[2] * inv) + ox, int(vb[3] * inv) + oy)
        out[name] = _Printed(val.text.strip(), val.text, val.confidence, bbox)
    return out


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


def parse_printed_date(s: str, *, kind: str, today: date, expiry: int | None = None) -> str | None:
    """ISO date (or ``YYYY-MM`` / ``YYYY`` when the page prints X for unknown parts) from a printed date."""
    t = s.upper().replace("O", "0") if re.search(r"\d", s) else s.upper()
    t = re.sub(r"[^0-9A-Z/.\- ]", " ", t)
    m = re.search(r"\b(\d{1,2}|XX)\s*[/.\-]\s*(\d{1,2}|XX)\s*[/.\-]\s*(\d{4}|\d{2})\b", t)
    day: str
    month: str
    year: str
    if m:
        day, month, year = m.group(1), m.group(2), m.group(3)
    else:
        m = re.search(r"\b(\d{1,2}|XX)\s*([A-Z]{3})[A-Z]*\s*[/.\- ]?\s*(\d{4}|\d{2})\b", t)
        if m and m.group(2) in _MONTHS:
            day, month, year = m.group(1), str(_MONTHS[m.group(2)]), m.group(3)
        else:
            m = re.search(r"\b(\d{4})-(\d{2})-(\d{2})\b", t)
            if not m:
                return None
            year, month, day = m.group(1), m.group(2), m.group(3)
    if len(year) == 2:
        yy = int(year)
        y = expiry_year(yy, today) if kind == "expiry" else birth_year(yy, today, expiry) if kind == "birth" else 2000 + yy
    else:
        y = int(year)
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
        confs = {
            "surname": zone_conf * 0.9,
            "given_names": zone_conf * 0.9,
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
        if name in ("surname", "given_names", "place_of_birth"):
            value = normalise_printed_name(p.value)
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
        if value:
            printed_fields[name] = FieldValue(value, p.confidence, 1, p.bbox, "printed", p.raw)

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
