"""Finding dates inside a letter's text, and settling day/month order from the letter itself.

This module *locates* dates in running text (``from 05/01/2010 to 31/08/2013``,
``March 5, 2010``, ``5th of March 2010``, ``2010-03-05``, ``9 Aqrab 1402``,
``۱۴۰۲/۰۸/۰۹``) and returns :class:`DateMention` values with their character
span. A numeric date whose first two parts are both 12 or less is *ambiguous*;
it is settled only by other numeric dates in the same letter (``25/03/2011``
proves day-first) or by the letter stating its format (``MM/DD/YYYY``), never by
a record or a guess. Unsettled mentions keep ``ambiguous=True`` and both
candidates.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, replace

from workstation.documents.letter_text import normalise_chars
from workstation.matching.dates import DayMonthOrder, PartialDate, parse_date_text, settle_day_month_order

log = logging.getLogger(__name__)

GREGORIAN = "gregorian"
SOLAR_HIJRI = "solar_hijri"

_MONTHS = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4,
    "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8, "september": 9,
    "sept": 9, "sep": 9, "october": 10, "oct": 10, "november": 11, "nov": 11, "december": 12, "dec": 12,
}
# Afghan (Dari/Pashto) and Iranian names of the Solar Hijri months, Latin and Persian script.
_SH_MONTHS = {
    "hamal": 1, "sawr": 2, "saur": 2, "sowr": 2, "jawza": 3, "jauza": 3, "saratan": 4, "asad": 5,
    "sunbula": 6, "sonbola": 6, "sunbulah": 6, "mizan": 7, "aqrab": 8, "akrab": 8, "qaws": 9, "qaus": 9,
    "jadi": 10, "dalw": 11, "dalv": 11, "hut": 12, "hoot": 12,
    "farvardin": 1, "ordibehesht": 2, "khordad": 3, "tir": 4, "mordad": 5, "shahrivar": 6, "mehr": 7,
    "aban": 8, "azar": 9, "dey": 10, "bahman": 11, "esfand": 12,
    "حمل": 1, "ثور": 2, "جوزا": 3, "سرطان": 4, "اسد": 5, "سنبله": 6, "میزان": 7, "عقرب": 8,
    "قوس": 9, "جدی": 10, "دلو": 11, "حوت": 12,
    "فروردین": 1, "اردیبهشت": 2, "خرداد": 3, "تیر": 4, "مرداد": 5, "شهریور": 6, "مهر": 7,
    "آبان": 8, "آذر": 9, "دی": 10, "بهمن": 11, "اسفند": 12,
}

_MONTH_ALT = "|".join(sorted((re.escape(k) for k in _MONTHS), key=len, reverse=True))
_SH_ALT = "|".join(sorted((re.escape(k) for k in _SH_MONTHS), key=len, reverse=True))
_MON = rf"(?P<mon>{_MONTH_ALT})\.?"
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:19|20)\d\d|1[34]\d\d)"

# Each alternative is tried at every position; the order of this list is the preference order.
_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    # 2010-03-05, 1402-08-09, 1402/08/09 (year first: ISO or Solar Hijri)
    ("ymd", re.compile(r"(?<![\d/.-])(?P<y>(?:19|20|13|14)\d\d)\s?[-/.]\s?(?P<a>[01]?\d)\s?[-/.]\s?(?P<b>[0-3]?\d)(?![\d/.-]*\d)")),
    # 05/03/2010, 5.3.2010, 05-03-2010 (order to be settled)
    ("num", re.compile(r"(?<![\d/.-])(?P<a>[0-3]?\d)\s?(?P<sep>[-/.])\s?(?P<b>[0-3]?\d)\s?(?P=sep)\s?(?P<y>(?:19|20|13|14)\d\d)(?![\d])")),
    # March 5, 2010 / Mar. 5th 2010
    ("mdy", re.compile(rf"(?<![A-Za-z]){_MON}\s+{_DAY}(?:,\s*|\s+)(?:of\s+)?{_YEAR}(?!\d)", re.IGNORECASE)),
    # 5 March 2010 / 5th of March, 2010 / 05-Mar-2010
    ("dmy", re.compile(rf"(?<![\dA-Za-z]){_DAY}(?:\s+of)?[\s-]+{_MON}(?:,[\s-]*|[\s-]+){_YEAR}(?!\d)", re.IGNORECASE)),
    # 9 Aqrab 1402 / ۹ عقرب ۱۴۰۲
    ("sh_dmy", re.compile(rf"(?<![\dA-Za-z]){_DAY}(?:\s+of)?\s+(?P<shmon>{_SH_ALT})(?:,\s*|\s+)(?P<year>1[34]\d\d)(?!\d)", re.IGNORECASE)),
    # Aqrab 9, 1402
    ("sh_mdy", re.compile(rf"(?<![A-Za-z])(?P<shmon>{_SH_ALT})\s+{_DAY}(?:,\s*|\s+)(?P<year>1[34]\d\d)(?!\d)", re.IGNORECASE)),
    # March 2010 (month precision)
    ("my", re.compile(rf"(?<![A-Za-z\d]){_MON}(?:,\s*|\s+){_YEAR}(?!\d)", re.IGNORECASE)),
]

# OCR misreads inside a numeric date: O->0, l/I/|->1, S->5 (only when the token is otherwise a date).
_OCR_DIGITS = str.maketrans({"O": "0", "o": "0", "l": "1", "I": "1", "|": "1", "S": "5"})
_NOISY_NUMERIC = re.compile(r"(?<![\w/.-])[0-9OolI|S]{1,4}\s?[-/.]\s?[0-9OolI|S]{1,2}\s?[-/.]\s?[0-9OolI|S]{2,4}(?![\w])")


def repair_ocr_digits(text: str) -> str:
    """Replace letter-for-digit OCR confusions inside numeric date tokens (length kept)."""

    def fix(m: re.Match[str]) -> str:
        tok = m.group(0)
        if sum(c.isdigit() for c in tok) < 4:
            return tok
        return tok.translate(_OCR_DIGITS)

    return _NOISY_NUMERIC.sub(fix, text)


@dataclass(frozen=True)
class DateMention:
    """A date found in the text.

    Attributes:
        start: Offset of the first character in the searched text.
        end: Offset after the last character.
        raw: The text as printed.
        value: ISO date (``YYYY-MM-DD`` or ``YYYY-MM``), Gregorian; ``None`` while ambiguous. A Solar
            Hijri date without its day (or month) is the Gregorian interval it stands for,
            ``first/last`` (``1389/01/00`` -> ``2010-03-21/2010-04-20``): an SH month straddles two
            Gregorian months, so no single Gregorian month is right.
        candidates: Both readings (ISO) when the day/month order is not settled.
        ambiguous: True when the order could not be settled from the letter.
        calendar: ``"gregorian"`` or ``"solar_hijri"`` (what the letter printed).
        order_hint: What this mention proves about numeric order: ``"dmy"``, ``"mdy"`` or ``None``.
        numeric: True for an all-numeric day-month-year date (the kind the order applies to).
        settled_by: Why an initially ambiguous order was settled (empty when it was not).
        clean: The text that was parsed (OCR letter-for-digit confusions repaired).
    """

    start: int
    end: int
    raw: str
    value: str | None
    candidates: tuple[str, ...] = ()
    ambiguous: bool = False
    calendar: str = GREGORIAN
    order_hint: str | None = None
    numeric: bool = False
    settled_by: str = ""
    clean: str = ""


def _mention(kind: str, m: re.Match[str]) -> DateMention | None:
    """Parse a located date with :func:`workstation.matching.dates.parse_date_text`."""
    parsed = parse_date_text(m.group(0))
    if parsed.error is not None or parsed.calendar is None:
        return None
    numeric = kind == "num"
    cal = parsed.calendar
    hint = parsed.proves_order.lower() if parsed.proves_order else None
    if parsed.ambiguous:
        return DateMention(m.start(), m.end(), m.group(0), None, tuple(gregorian_value(c) for c in parsed.candidates),
                           True, cal, None, numeric)
    if parsed.iso is None or parsed.native is None:
        return None
    return DateMention(m.start(), m.end(), m.group(0), gregorian_value(parsed.native), calendar=cal,
                       order_hint=hint, numeric=numeric)


def gregorian_value(date: PartialDate) -> str:
    """The Gregorian value of a date as printed: ISO at its own precision, or ``first/last``.

    A Gregorian month or year keeps its ``YYYY-MM``/``YYYY`` form; a Solar Hijri date without its
    day becomes the interval of Gregorian days it may stand for (the form the checks read as an
    interval, as for a tazkira's age), never the label of the Gregorian month holding its middle.
    """
    if date.calendar != SOLAR_HIJRI or date.precision == "day":
        return date.gregorian_iso()
    span = date.interval()
    return f"{span.first.isoformat()}/{span.last.isoformat()}"


_STATED_MDY = re.compile(r"\bMM\s*/\s*DD\s*/\s*YYYY\b|\bmonth\s*/\s*day\s*/\s*year\b", re.IGNORECASE)
_STATED_DMY = re.compile(r"\bDD\s*/\s*MM\s*/\s*YYYY\b|\bday\s*/\s*month\s*/\s*year\b", re.IGNORECASE)


def find_dates(text: str) -> list[DateMention]:
    """Every date in ``text`` (non-overlapping, in text order), with day/month order settled when possible.

    Persian/Arabic-Indic digits are read as ASCII (offsets are kept); OCR letter-digit confusions
    inside numeric dates are repaired.
    """
    text = normalise_chars(text)
    fixed = repair_ocr_digits(text)
    taken: list[tuple[int, int]] = []
    found: list[DateMention] = []
    for kind, pat in _PATTERNS:
        for m in pat.finditer(fixed):
            if any(m.start() < e and s < m.end() for s, e in taken):
                continue
            dm = _mention(kind, m)
            if dm is None:
                continue
            # raw keeps the printed text (OCR letter-digit confusions shown as printed)
            dm = replace(dm, raw=text[m.start():m.end()], clean=m.group(0))
            taken.append((m.start(), m.end()))
            found.append(dm)
    found.sort(key=lambda d: d.start)
    return settle_order(found, text)


def settle_order(mentions: list[DateMention], text: str) -> list[DateMention]:
    """Settle ambiguous numeric dates from the letter's own evidence; leave them ambiguous otherwise.

    Evidence, in order: a format the letter states (``MM/DD/YYYY``), then the *other* numeric dates
    of the letter (:func:`~workstation.matching.dates.settle_day_month_order`: a day above 12 proves
    the order). Conflicting evidence settles nothing.
    """
    stated = {o for o, pat in (("MDY", _STATED_MDY), ("DMY", _STATED_DMY)) if pat.search(text)}
    out: list[DateMention] = []
    for dm in mentions:
        if not dm.ambiguous:
            out.append(dm)
            continue
        reason = ""
        order: DayMonthOrder | None = None
        if len(stated) == 1:
            order = "MDY" if "MDY" in stated else "DMY"
            reason = "the letter states its date format"
        elif not stated:
            others = [o.clean for o in mentions if o is not dm and o.numeric and o.calendar == dm.calendar]
            order = settle_day_month_order(others)
            reason = "another date in the same letter shows the order"
        if order is None:
            out.append(dm)
            continue
        settled = parse_date_text(dm.clean, order_hint=order).native
        if settled is None:
            out.append(dm)
            continue
        value = gregorian_value(settled)
        out.append(replace(dm, value=value, ambiguous=False, settled_by=reason))
    return out
