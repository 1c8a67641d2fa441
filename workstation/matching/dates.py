"""Dates as documents write them: Gregorian and Solar Hijri, partial, ambiguous.

Three ideas carry this module (DOMAIN.md, "Dates" and "Policy decisions"):

* A date is an **interval** of days. ``1988`` is 1988-01-01..1988-12-31 and agrees
  with any day inside it; a Solar Hijri year (1367) is the Gregorian interval
  1988-03-21..1989-03-20. :class:`PartialDate` is a date in its own calendar with
  unknown parts; :class:`DateInterval` is its Gregorian extent.
* A numeric date whose day and month are both 12 or less (``05/03/2010``) is
  **ambiguous**. :func:`parse_date_text` reports both readings instead of guessing;
  only other dates of the same document (:func:`settle_day_month_order`), never the
  record under check, may settle the order.
* Solar Hijri conversion goes through :mod:`jdatetime`, which rejects impossible
  dates (1402-12-30); the original text is always kept as evidence.

:func:`compare_dates` turns two dates into ``pass`` / ``fail`` / ``review`` with a
reason the officer reads.
"""

from __future__ import annotations

import calendar as _gregorian_calendar
import datetime as dt
import logging
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Literal

import jdatetime

from workstation.matching import _nowruz
from workstation.matching.digits import normalize_arabic_script, to_ascii_digits
from workstation.matching.policy import DEFAULT_POLICY, MatchingPolicy

log = logging.getLogger(__name__)

__all__ = [
    "AFGHAN_MONTHS",
    "IRANIAN_MONTHS",
    "Calendar",
    "DateComparison",
    "DateInterval",
    "DayMonthOrder",
    "FoundDate",
    "ParsedDate",
    "PartialDate",
    "compare_dates",
    "find_dates",
    "parse_date_text",
    "settle_day_month_order",
    "solar_hijri_to_gregorian",
]

Calendar = Literal["gregorian", "solar_hijri"]
DayMonthOrder = Literal["DMY", "MDY"]
Precision = Literal["day", "month", "year"]
Status = Literal["pass", "fail", "review"]

#: Afghan (Dari) names of the Solar Hijri months, in order, Latin spelling.
AFGHAN_MONTHS = ("Hamal", "Sawr", "Jawza", "Saratan", "Asad", "Sunbula",
                 "Mizan", "Aqrab", "Qaws", "Jadi", "Dalw", "Hut")
#: Iranian names of the same months.
IRANIAN_MONTHS = ("Farvardin", "Ordibehesht", "Khordad", "Tir", "Mordad", "Shahrivar",
                  "Mehr", "Aban", "Azar", "Dey", "Bahman", "Esfand")

# Every spelling we accept, lower case, Arabic script already folded by normalize_arabic_script.
_SH_MONTH_SPELLINGS: tuple[tuple[str, ...], ...] = (
    ("hamal", "حمل", "farvardin", "farwardin", "فروردین", "وری", "wray"),
    ("sawr", "saur", "sour", "sowr", "thawr", "saor", "ثور", "ordibehesht", "ordibehesht", "اردیبهشت", "غویی", "ghwayay"),
    ("jawza", "jauza", "jowza", "jawzā", "jouza", "joza", "جوزا", "جوزه", "khordad", "خرداد", "غبرګولی", "غبرگولی"),
    ("saratan", "sarataan", "سرطان", "tir", "تیر", "چنګاښ", "چنگاښ"),
    ("asad", "اسد", "mordad", "amordad", "مرداد", "امرداد", "زمری"),
    ("sunbula", "sunbulah", "sonbola", "sonbula", "sumbula", "sunbolah", "سنبله", "shahrivar", "shahrewar",
     "شهریور", "وږی"),
    ("mizan", "meezan", "mezan", "میزان", "mehr", "mihr", "مهر", "تله"),
    ("aqrab", "akrab", "aqrap", "عقرب", "aban", "ābān", "ابان", "آبان", "لړم"),
    ("qaws", "qaus", "kaus", "qows", "قوس", "azar", "āzar", "اذر", "آذر", "لیندۍ", "لیندی"),
    ("jadi", "jaddi", "jadey", "jady", "جدی", "dey", "dei", "day", "دی", "مرغومی"),
    ("dalw", "dalv", "dalu", "dalwa", "دلو", "bahman", "بهمن", "سلواغه"),
    ("hut", "hoot", "hout", "حوت", "esfand", "esfand", "isfand", "اسفند", "کب"),
)
_GREGORIAN_MONTH_SPELLINGS: tuple[tuple[str, ...], ...] = (
    ("january", "jan", "جنوری", "ژانویه"),
    ("february", "feb", "فبروری", "فوریه"),
    ("march", "mar", "مارچ", "مارس"),
    ("april", "apr", "اپریل", "آوریل"),
    ("may", "می", "مه"),
    ("june", "jun", "جون", "ژوئن"),
    ("july", "jul", "جولای", "ژوئیه"),
    ("august", "aug", "اگست", "آگوست", "اوت"),
    ("september", "sep", "sept", "سپتمبر", "سپتامبر"),
    ("october", "oct", "اکتوبر", "اکتبر"),
    ("november", "nov", "نومبر", "نوامبر"),
    ("december", "dec", "دسمبر", "دسامبر"),
)
# "day" is both an Iranian month (Dey) and an English word; only accept it as a month in Arabic script.
_SH_MONTHS = {s: i + 1 for i, names in enumerate(_SH_MONTH_SPELLINGS) for s in names if s != "day"}
_GREGORIAN_MONTHS = {s: i + 1 for i, names in enumerate(_GREGORIAN_MONTH_SPELLINGS) for s in names}

_WEEKDAYS = {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
             "mon", "tue", "tues", "wed", "thu", "thur", "thurs", "fri", "sat", "sun",
             "شنبه", "یکشنبه", "دوشنبه", "سهشنبه", "سه", "چهارشنبه", "پنجشنبه", "جمعه"}
# Words that carry no date information ("the 5th of March", "date:", Persian "year", "dated").
_FILLER = {"of", "the", "on", "date", "dated", "day", "year", "in", "سال", "تاریخ", "مورخ", "ماه", "روز", "به", "ام",
           "م", "میلادی", "ad", "ce"}
_SH_MARKERS = {"sh", "s.h", "s.h.", "hs", "h.s", "h.s.", "ش", "ه", "هش", "ه.ش", "ه.ش.", "هجری", "شمسی", "هـش", "solar", "hijri",
               "shamsi", "hijri-shamsi"}
_UNKNOWN_PART = re.compile(r"^(?:x{1,2}|0{1,2}|<{1,2}|-{1,2}|\?{1,2}|_{1,2}|\*{1,2})$", re.IGNORECASE)
_NUMERIC = re.compile(
    r"^(?P<a>\d{1,4}|x{1,2}|<{1,2}|-{2}|\?{1,2})"
    r"(?P<s1>[./\-\s])\s*(?P<b>\d{1,2}|x{1,2}|<{1,2}|-{2}|\?{1,2})\s*(?P<s2>[./\-\s])\s*"
    r"(?P<c>\d{1,4}|x{1,4}|<{1,2}|-{2}|\?{1,2})$",
    re.IGNORECASE,
)
_YEAR_MONTH = re.compile(r"^(?P<a>\d{1,4})\s*[./\-]\s*(?P<b>\d{1,4})$")
_ORDINAL = re.compile(r"^(\d{1,2})(?:st|nd|rd|th|ام|م)$")
_TOKEN = re.compile(r"[^\W_]+(?:\.[^\W_]+)*\.?|\d+", re.UNICODE)


# --------------------------------------------------------------------------------------------
# Values
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True, order=True)
class DateInterval:
    """A closed interval of Gregorian days.

    Attributes:
        first: The first day the date may be.
        last: The last day the date may be (equal to ``first`` for a full date).
    """

    first: dt.date
    last: dt.date

    def __post_init__(self) -> None:
        if self.last < self.first:
            raise ValueError("DateInterval: last day before first day")

    @property
    def is_single_day(self) -> bool:
        """Whether the interval is one exact day."""
        return self.first == self.last

    @property
    def days(self) -> int:
        """Number of days in the interval."""
        return (self.last - self.first).days + 1

    def contains(self, other: DateInterval) -> bool:
        """Whether ``other`` lies wholly inside this interval."""
        return self.first <= other.first and other.last <= self.last

    def overlaps(self, other: DateInterval) -> bool:
        """Whether the two intervals share at least one day."""
        return self.first <= other.last and other.first <= self.last

    def gap_days(self, other: DateInterval) -> int:
        """Days between the two intervals (0 when they overlap)."""
        if self.overlaps(other):
            return 0
        if self.last < other.first:
            return (other.first - self.last).days
        return (self.first - other.last).days

    @property
    def label(self) -> str:
        """ISO text: a day, a whole month or year (``1988``, ``1988-03``), else ``first/last``."""
        f, last = self.first, self.last
        if f == last:
            return f.isoformat()
        if f.day == 1 and f.month == 1 and last.month == 12 and last.day == 31 and f.year == last.year:
            return f"{f.year:04d}"
        if (f.day == 1 and f.year == last.year and f.month == last.month
                and last.day == _gregorian_calendar.monthrange(f.year, f.month)[1]):
            return f"{f.year:04d}-{f.month:02d}"
        return f"{f.isoformat()}/{last.isoformat()}"

    @classmethod
    def for_age_in_year(cls, age: int, year: int, calendar: Calendar = "gregorian") -> DateInterval:
        """The birth dates of someone who was ``age`` years old at some time in ``year``.

        Paper tazkiras say "in year Y was N years old": the person was born in year
        Y-N-1 or Y-N (of that calendar), so the interval runs from the first day of
        Y-N-1 to the last day of Y-N, in Gregorian days.
        """
        return cls(PartialDate(year - age - 1, calendar=calendar).interval().first,
                   PartialDate(year - age, calendar=calendar).interval().last)


@dataclass(frozen=True)
class PartialDate:
    """A date in its own calendar, with the month and day possibly unknown.

    Attributes:
        year: The year in ``calendar`` (1367 for Solar Hijri, 1988 for Gregorian).
        month: 1-12, or None when unknown.
        day: 1-31, or None when unknown (always None when ``month`` is).
        calendar: ``"gregorian"`` or ``"solar_hijri"``.
    """

    year: int
    month: int | None = None
    day: int | None = None
    calendar: Calendar = "gregorian"

    def __post_init__(self) -> None:
        if self.month is None and self.day is not None:
            raise ValueError("PartialDate: a day without a month")
        if self.month is not None and not 1 <= self.month <= 12:
            raise ValueError("PartialDate: month out of range")
        if self.day is not None:
            assert self.month is not None
            if not 1 <= self.day <= _month_length(self.year, self.month, self.calendar):
                raise ValueError("PartialDate: day out of range")

    @property
    def precision(self) -> Precision:
        """``"day"``, ``"month"`` or ``"year"``."""
        if self.day is not None:
            return "day"
        return "month" if self.month is not None else "year"

    @property
    def iso(self) -> str:
        """``1988-03-21``, ``1988-03`` or ``1988``, in this date's own calendar."""
        if self.month is None:
            return f"{self.year:04d}"
        if self.day is None:
            return f"{self.year:04d}-{self.month:02d}"
        return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"

    @property
    def is_new_year(self) -> bool:
        """1 January (Gregorian) or 1 Hamal/Farvardin (Solar Hijri): often a conventional birthday."""
        return self.month == 1 and self.day == 1

    def interval(self) -> DateInterval:
        """The Gregorian days this date may stand for."""
        if self.calendar == "gregorian":
            first_month = self.month or 1
            last_month = self.month or 12
            first = dt.date(self.year, first_month, self.day or 1)
            last = dt.date(self.year, last_month, self.day or _month_length(self.year, last_month, "gregorian"))
            return DateInterval(first, last)
        first_month = self.month or 1
        last_month = self.month or 12
        first = solar_hijri_to_gregorian(self.year, first_month, self.day or 1)
        last = solar_hijri_to_gregorian(
            self.year, last_month, self.day or _month_length(self.year, last_month, "solar_hijri")
        )
        return DateInterval(first, last)

    def gregorian_iso(self) -> str:
        """The ISO form in the Gregorian calendar, at this date's precision.

        A Solar Hijri month or year straddles two Gregorian ones; the label names the
        Gregorian month or year holding the middle of the interval (1367 SH -> ``1988``,
        Hamal 1367 -> ``1988-04``). Compare with :meth:`interval`, never with this label.
        """
        if self.calendar == "gregorian":
            return self.iso
        span = self.interval()
        if self.precision == "day":
            return span.first.isoformat()
        middle = span.first + (span.last - span.first) / 2
        return f"{middle.year:04d}-{middle.month:02d}" if self.precision == "month" else f"{middle.year:04d}"

    @classmethod
    def from_iso(cls, text: str) -> PartialDate:
        """Parse ``YYYY-MM-DD``, ``YYYY-MM`` or ``YYYY`` (the record's form), Gregorian.

        Raises:
            ValueError: The text is not such a date or names an impossible day.
        """
        m = re.fullmatch(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?", text.strip())
        if not m:
            raise ValueError(f"not an ISO date: {text!r}")
        y, mo, d = m.group(1), m.group(2), m.group(3)
        return cls(int(y), int(mo) if mo else None, int(d) if d else None)


@dataclass(frozen=True)
class ParsedDate:
    """What :func:`parse_date_text` made of a piece of text.

    Attributes:
        text: The original text, kept as evidence.
        calendar: The calendar the text was read in, or None when nothing was read.
        native: The date in that calendar (``1367-01-01`` for Solar Hijri), or None when
            ambiguous or unreadable.
        ambiguous: True when the day/month order could not be settled; then ``native``
            is None and ``candidates`` holds both readings (day-month first).
        candidates: Every reading still possible: one when settled, two when ambiguous.
        order: ``"DMY"`` or ``"MDY"`` when a numeric day/month order was applied
            (from the date itself or from ``order_hint``), else None.
        proves_order: The order this text proves by itself (a part above 12), which
            :func:`settle_day_month_order` uses for the other dates of the document.
        error: Why no date could be read (an impossible date, not a date at all), or None.
        notes: Short remarks on how it was read ("two-digit year 88 read as 1988").
    """

    text: str
    calendar: Calendar | None = None
    native: PartialDate | None = None
    ambiguous: bool = False
    candidates: tuple[PartialDate, ...] = ()
    order: DayMonthOrder | None = None
    proves_order: DayMonthOrder | None = None
    error: str | None = None
    notes: tuple[str, ...] = field(default=())

    @property
    def ok(self) -> bool:
        """Whether exactly one date was read."""
        return self.native is not None

    @property
    def iso(self) -> str | None:
        """ISO Gregorian value (``1988-03-21``, ``1988-03``, ``1988``), or None when ambiguous or unread."""
        return self.native.gregorian_iso() if self.native is not None else None

    @property
    def native_iso(self) -> str | None:
        """ISO form in the document's own calendar (``1367-01-01`` for Solar Hijri)."""
        return self.native.iso if self.native is not None else None

    @property
    def interval(self) -> DateInterval | None:
        """The Gregorian interval of the date, or None when ambiguous or unread."""
        return self.native.interval() if self.native is not None else None

    @property
    def candidate_isos(self) -> tuple[str, ...]:
        """ISO Gregorian values of every possible reading."""
        return tuple(c.gregorian_iso() for c in self.candidates)


# --------------------------------------------------------------------------------------------
# Calendars
# --------------------------------------------------------------------------------------------


def _sh_is_leap(year: int) -> bool:
    return bool(jdatetime.date(year, 1, 1).isleap())


def _month_length(year: int, month: int, cal: Calendar) -> int:
    if cal == "gregorian":
        return _gregorian_calendar.monthrange(year, month)[1]
    if month <= 6:
        return 31
    if month <= 11:
        return 30
    return 30 if _sh_is_leap(year) else 29


def solar_hijri_to_gregorian(year: int, month: int, day: int) -> dt.date:
    """Convert one Solar Hijri day to Gregorian with jdatetime.

    Raises:
        ValueError: The day does not exist (1402-12-30: 1402 is not a leap year).
    """
    try:
        return jdatetime.date(year, month, day).togregorian()  # type: ignore[no-any-return]
    except (ValueError, TypeError) as e:
        raise ValueError(f"{year:04d}-{month:02d}-{day:02d} is not a Solar Hijri date") from e


# --------------------------------------------------------------------------------------------
# Parsing
# --------------------------------------------------------------------------------------------


def _clean(text: str) -> str:
    s = normalize_arabic_script(text).lower()
    s = s.replace(",", " ").replace("،", " ")
    return re.sub(r"\s+", " ", s).strip()


def _is_unknown(part: str) -> bool:
    return bool(_UNKNOWN_PART.match(part))


def _year_value(raw: str, policy: MatchingPolicy, notes: list[str]) -> int:
    y = int(raw)
    if len(raw) <= 2:
        full = 2000 + y if y <= policy.two_digit_year_pivot else 1900 + y
        notes.append(f"two-digit year {raw} read as {full}")
        return full
    return y


def _fail(text: str, reason: str, cal: Calendar | None = None) -> ParsedDate:
    return ParsedDate(text=text, calendar=cal, error=reason)


def _make(year: int, month: int | None, day: int | None, cal: Calendar) -> PartialDate | str:
    """A PartialDate, or the reason it cannot exist."""
    if month is not None and not 1 <= month <= 12:
        return f"month {month} does not exist"
    if month is None:
        day = None
    if day is not None:
        assert month is not None
        length = _month_length(year, month, cal)
        if not 1 <= day <= length:
            if cal == "solar_hijri" and month == 12 and day == 30:
                return f"{year}-12-30 does not exist in the Solar Hijri calendar ({year} is not a leap year)"
            return f"day {day} does not exist in month {month} of {year}"
    return PartialDate(year, month, day, cal)


def _choose_calendar(year: int, hint: Calendar | None, policy: MatchingPolicy) -> Calendar:
    if hint is not None:
        return hint
    return "solar_hijri" if year < policy.solar_hijri_year_limit else "gregorian"


def _check_year(year: int, cal: Calendar, policy: MatchingPolicy) -> str | None:
    gy = year + 621 if cal == "solar_hijri" else year
    if not policy.min_plausible_year <= gy <= policy.max_plausible_year:
        return f"year {year} is out of the plausible range"
    return None


def _finish(
    text: str,
    readings: list[tuple[DayMonthOrder | None, int, int | None, int | None]],
    cal: Calendar,
    proves: DayMonthOrder | None,
    notes: list[str],
) -> ParsedDate:
    """Build the result from one or two (order, year, month, day) readings."""
    built: list[tuple[DayMonthOrder | None, PartialDate]] = []
    errors: list[str] = []
    for order, y, m, d in readings:
        made = _make(y, m, d, cal)
        if isinstance(made, str):
            errors.append(made)
        else:
            built.append((order, made))
    if not built:
        return ParsedDate(text=text, calendar=cal, error=errors[0], proves_order=proves, notes=tuple(notes))
    unique: list[tuple[DayMonthOrder | None, PartialDate]] = []
    for order, pd in built:
        if all(pd != other for _, other in unique):
            unique.append((order, pd))
    if len(unique) == 1:
        order, pd = unique[0]
        return ParsedDate(text=text, calendar=cal, native=pd, candidates=(pd,), order=order,
                          proves_order=proves,
                          notes=tuple(notes))
    return ParsedDate(text=text, calendar=cal, ambiguous=True, candidates=tuple(pd for _, pd in unique),
                      notes=(*notes, "day/month order not settled"))


def _parse_numeric(
    text: str, a: str, b: str, c: str, sep: str, cal_hint: Calendar | None, order_hint: DayMonthOrder | None,
    policy: MatchingPolicy, notes: list[str],
) -> ParsedDate:
    if len(a) == 4 and a.isdigit() or (len(a) == 3 and a.isdigit()):
        # Year first: always year-month-day (nobody writes year-day-month).
        year = int(a)
        cal = _choose_calendar(year, cal_hint, policy)
        bad = _check_year(year, cal, policy)
        if bad:
            return _fail(text, bad, cal)
        month = None if _is_unknown(b) else int(b)
        day = None if _is_unknown(c) else int(c)
        if month is None and day is not None:
            return _fail(text, "a day without a month", cal)
        return _finish(text, [(None, year, month, day)], cal, None, notes)
    if not (c.isdigit() and len(c) in (2, 4)):
        return _fail(text, "no year in the date")
    year = _year_value(c, policy, notes) if len(c) == 2 else int(c)
    cal = _choose_calendar(year, cal_hint, policy)
    bad = _check_year(year, cal, policy)
    if bad:
        return _fail(text, bad, cal)
    first = None if _is_unknown(a) else int(a)
    second = None if _is_unknown(b) else int(b)
    if cal == "solar_hijri":
        # Solar Hijri is written year/month/day; with the year last (right-to-left text
        # read left-to-right) it is day/month/year. Never month/day.
        day, month = (first, second) if second is not None else (None, None)
        notes.append("Solar Hijri date written day first")
        return _finish(text, [("DMY", year, month, day)], cal, None, notes)
    # What the parts prove by themselves.
    proves: DayMonthOrder | None = None
    if first is not None and second is not None:
        if first > 12 >= second:
            proves = "DMY"
        elif second > 12 >= first:
            proves = "MDY"
    Reading = tuple[DayMonthOrder | None, int, int | None, int | None]
    dmy: Reading = ("DMY", year, second, first if second is not None else None)
    mdy: Reading = ("MDY", year, first, second if first is not None else None)
    readings: list[Reading]
    if proves == "DMY" or (proves is None and order_hint == "DMY"):
        readings = [dmy]
    elif proves == "MDY" or (proves is None and order_hint == "MDY"):
        readings = [mdy]
    elif first is None and second is None:
        readings = [dmy]
    elif first is None:
        # "XX/03/1980": a day is what gets left unknown, never a month with a known day.
        readings = [dmy]
    elif second is None:
        readings = [mdy]
    else:
        readings = [dmy, mdy]
    result = _finish(text, readings, cal, proves, notes)
    if order_hint is not None and result.native is not None and proves is None and first != second:
        result = ParsedDate(text=result.text, calendar=result.calendar, native=result.native,
                            candidates=result.candidates, order=order_hint, proves_order=None,
                            notes=(*result.notes, f"day/month order {order_hint} from the rest of the document"))
    return result


def parse_date_text(
    text: str,
    *,
    calendar_hint: Calendar | None = None,
    order_hint: DayMonthOrder | None = None,
    policy: MatchingPolicy = DEFAULT_POLICY,
) -> ParsedDate:
    """Read one date as a document writes it.

    Accepted forms (digits may be Persian or Arabic-Indic): ``2010-03-05``,
    ``05/03/2010``, ``05.03.2010``, ``05-03-10``, ``March 5, 2010``, ``5 March 2010``,
    ``5th of March 2010``, ``05 MAR 2010``, ``21 MAR 88``, ``March 2010``, ``03/2010``,
    ``1988``, partial ``XX.XX.1980`` / ``00/00/1980`` / ``<<.<<.1980``, Solar Hijri
    ``1367/01/01`` (a year below ``policy.solar_hijri_year_limit``), ``9 Aqrab 1402``,
    ``۹ عقرب ۱۴۰۲``, ``1 Farvardin 1367``, ``۱ فروردین ۱۳۶۷``.

    Args:
        text: The text of the date alone (a field value, not a sentence).
        calendar_hint: Force the calendar (e.g. a field known to be Solar Hijri).
        order_hint: The day/month order of the document, from
            :func:`settle_day_month_order` over its *other* dates.
        policy: Year limits and the two-digit-year pivot.

    Returns:
        A :class:`ParsedDate`; never raises for bad text (``error`` says why).
    """
    notes: list[str] = []
    s = _clean(text)
    # A time of day after the date ("2010-03-05 14:30", "5 March 2010, 10:00 am") is not part of it.
    s = re.sub(r"(?:(?<=\d)t|[\s,]+)\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:z|[+-]\d{2}:?\d{2})?(?:\s*[ap]\.?m\.?)?$",
               "", s).strip()
    if not s:
        return _fail(text, "empty")
    if s in ("present", "current", "to date", "todate", "till date", "now", "ongoing", "تاکنون", "حال", "اکنون"):
        return _fail(text, "not a date (an open end: present)")
    tokens = s.split(" ")
    kept: list[str] = []
    for tok in tokens:
        bare = tok.strip(".")
        if bare in _SH_MARKERS or tok in _SH_MARKERS:
            if calendar_hint is None:
                calendar_hint = "solar_hijri"
            continue
        if bare in _WEEKDAYS:
            continue
        kept.append(tok)
    s = " ".join(kept)
    compact = s.replace(" ", "")
    # Pure numbers: YYYY, YYYYMMDD.
    if re.fullmatch(r"\d{4}", compact):
        year = int(compact)
        cal = _choose_calendar(year, calendar_hint, policy)
        bad = _check_year(year, cal, policy)
        return _fail(text, bad, cal) if bad else _finish(text, [(None, year, None, None)], cal, None, notes)
    if re.fullmatch(r"\d{8}", compact):
        return _parse_numeric(text, compact[:4], compact[4:6], compact[6:], "", calendar_hint, order_hint,
                              policy, notes)
    m = _NUMERIC.match(s) or _NUMERIC.match(compact)
    if m:
        return _parse_numeric(text, m["a"], m["b"], m["c"], m["s1"], calendar_hint, order_hint, policy, notes)
    m = _YEAR_MONTH.match(s)
    if m:
        a, b = m["a"], m["b"]
        if len(a) == 4 and len(b) <= 2:
            year, month = int(a), int(b)
        elif len(b) == 4 and len(a) <= 2:
            year, month = int(b), int(a)
        else:
            return _fail(text, "not a date")
        cal = _choose_calendar(year, calendar_hint, policy)
        bad = _check_year(year, cal, policy)
        return _fail(text, bad, cal) if bad else _finish(text, [(None, year, month, None)], cal, None, notes)
    return _parse_words(text, s, calendar_hint, policy, notes)


def _parse_words(
    text: str, s: str, calendar_hint: Calendar | None, policy: MatchingPolicy, notes: list[str]
) -> ParsedDate:
    """Dates with a month name: ``March 5, 2010``, ``5th of March 2010``, ``۹ عقرب ۱۴۰۲``."""
    # Split letters from digits glued together ("05MAR2010", "9عقرب").
    s = re.sub(r"(?<=\d)(?=[^\W\d_])|(?<=[^\W\d_])(?=\d)", " ", s)
    s = re.sub(r"(\d)\s+(st|nd|rd|th)\b", r"\1\2", s)
    parts = [p for p in re.split(r"[\s./\-]+", s) if p]
    month: int | None = None
    month_cal: Calendar | None = None
    month_pos = -1
    numbers: list[tuple[int, str]] = []
    for i, p in enumerate(parts):
        o = _ORDINAL.match(p)
        if o:
            numbers.append((i, o.group(1)))
            continue
        if p.isdigit():
            numbers.append((i, p))
            continue
        if p in _FILLER:
            continue
        key = p.rstrip(".")
        found: tuple[int, Calendar] | None = None
        if key in _GREGORIAN_MONTHS and calendar_hint != "solar_hijri":
            found = (_GREGORIAN_MONTHS[key], "gregorian")
        elif key in _SH_MONTHS:
            found = (_SH_MONTHS[key], "solar_hijri")
        elif key in _GREGORIAN_MONTHS:
            found = (_GREGORIAN_MONTHS[key], "gregorian")
        if found is None:
            return _fail(text, f"not a date (unknown word {p!r})")
        if month is not None:
            return _fail(text, "not a date (two month names)")
        month, month_cal = found
        month_pos = i
    if month is None or month_cal is None:
        return _fail(text, "not a date")
    years = [(i, n) for i, n in numbers if len(n) in (3, 4)]
    shorts = [(i, n) for i, n in numbers if len(n) <= 2]
    day: int | None = None
    if len(numbers) > 2 or len(years) > 1:
        return _fail(text, "not a date (too many numbers)")
    if years:
        year = int(years[0][1])
        if shorts:
            day = int(shorts[0][1])
    elif len(shorts) == 2:
        # "21 MAR 88" (day month year) or "MAR 21 88": the last number is the year.
        (_, d_raw), (_, y_raw) = shorts
        day = int(d_raw)
        year = _year_value(y_raw, policy, notes)
    elif len(shorts) == 1 and shorts[0][0] > month_pos and month_cal == "gregorian" and len(parts) == 2:
        # "MAR 88": month and a two-digit year.
        year = _year_value(shorts[0][1], policy, notes)
    else:
        return _fail(text, "no year in the date")
    cal: Calendar = month_cal
    if calendar_hint == "gregorian" and month_cal == "solar_hijri":
        return _fail(text, "Solar Hijri month name in a Gregorian date")
    if cal == "solar_hijri" and year >= policy.solar_hijri_year_limit:
        return _fail(text, f"Solar Hijri month name with Gregorian year {year}")
    if cal == "gregorian" and year < policy.solar_hijri_year_limit:
        return _fail(text, f"Gregorian month name with year {year}")
    bad = _check_year(year, cal, policy)
    if bad:
        return _fail(text, bad, cal)
    return _finish(text, [(None, year, month, day)], cal, None, notes)


@dataclass(frozen=True)
class FoundDate:
    """A date found in running text (a letter's body).

    Attributes:
        start: Offset of the first character in the text.
        end: Offset after the last character.
        parsed: The date, read with the document's settled day/month order when the
            text itself was ambiguous and other dates of the text prove the order.
    """

    start: int
    end: int
    parsed: ParsedDate


def _month_alternation() -> str:
    names = {n for group in (*_GREGORIAN_MONTH_SPELLINGS, *_SH_MONTH_SPELLINGS) for n in group}
    names.discard("day")
    return "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))


_MONTHS_RE = _month_alternation()
_ORD = r"(?:st|nd|rd|th|ام|م)?"
_WEEKDAY_RE = r"(?:(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday),?\s+)?"
_FIND_PATTERNS = (
    # 5 March 2010, 5th of March, 2010, the 5th of March 2010, 05 MAR 2010, 05-Mar-2010, ۹ عقرب ۱۴۰۲
    rf"{_WEEKDAY_RE}(?:the\s+)?\d{{1,2}}{_ORD}(?:\s+of)?[\s\-]+(?:{_MONTHS_RE})\.?,?[\s\-]+(?:سال\s+)?\d{{4}}",
    # March 5, 2010; March 5th 2010; Monday, March 5, 2010
    rf"{_WEEKDAY_RE}(?:{_MONTHS_RE})\.?\s+\d{{1,2}}{_ORD},?\s+\d{{4}}",
    # March 2010, Aqrab 1402
    rf"(?:{_MONTHS_RE})\.?,?\s+(?:سال\s+)?\d{{4}}",
    # 05/03/2010, 2010-03-05, 1367/01/01, XX.XX.1980, 05.03.10
    r"(?:\d{1,4}|[xX]{1,2})[./\-](?:\d{1,2}|[xX]{1,2})[./\-](?:\d{4}|\d{2})",
)
_FIND_RE = re.compile(
    r"(?<![\w/.\-])(?:" + "|".join(f"(?:{p})" for p in _FIND_PATTERNS) + r")(?![\w/\-]|\.\d)",
    re.IGNORECASE,
)


def find_dates(
    text: str,
    *,
    calendar_hint: Calendar | None = None,
    settle_order: bool = True,
    policy: MatchingPolicy = DEFAULT_POLICY,
) -> list[FoundDate]:
    """Every date written in a piece of running text, in order.

    Numeric dates whose day/month order they cannot show themselves are re-read in
    the order the *other* dates of the same text prove (:func:`settle_day_month_order`);
    when nothing proves it they stay ambiguous.

    Args:
        text: Running text (a letter's body); Persian digits are accepted.
        calendar_hint: Force the calendar of every date.
        settle_order: Whether to settle ambiguous dates from the others.
        policy: Year limits.

    Returns:
        The dates found, with their offsets in ``text``.
    """
    ascii_text = to_ascii_digits(text)  # one character for one: offsets are kept
    found: list[FoundDate] = []
    for m in _FIND_RE.finditer(ascii_text):
        raw = text[m.start():m.end()]
        parsed = parse_date_text(raw, calendar_hint=calendar_hint, policy=policy)
        if parsed.candidates:
            found.append(FoundDate(m.start(), m.end(), parsed))
    if not settle_order:
        return found
    settled: list[FoundDate] = []
    for i, fd in enumerate(found):
        if fd.parsed.ambiguous:
            order = settle_day_month_order(o.parsed for j, o in enumerate(found) if j != i)
            if order is not None:
                fd = FoundDate(fd.start, fd.end, parse_date_text(fd.parsed.text, calendar_hint=calendar_hint,
                                                                order_hint=order, policy=policy))
        settled.append(fd)
    return settled


def settle_day_month_order(dates: Iterable[str | ParsedDate]) -> DayMonthOrder | None:
    """The day/month order a document uses, from its dates that prove it.

    A numeric date with one part above 12 (``25/03/2011``) proves its own order.
    Pass the *other* dates of the same document, never the record under check.

    Args:
        dates: Texts or parsed dates from one document.

    Returns:
        ``"DMY"`` or ``"MDY"`` when at least one date proves an order and none proves
        the other; None when nothing proves it or the document contradicts itself.
    """
    seen: set[DayMonthOrder] = set()
    for d in dates:
        parsed = parse_date_text(d) if isinstance(d, str) else d
        if parsed.proves_order is not None:
            seen.add(parsed.proves_order)
    if len(seen) == 1:
        return next(iter(seen))
    return None


# --------------------------------------------------------------------------------------------
# Comparison
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class DateComparison:
    """The outcome of comparing two dates.

    Attributes:
        status: ``pass``, ``fail`` or ``review``.
        code: A stable key for the rule that decided (``exact``, ``within_interval``,
            ``overlap``, ``nowruz_tolerance``, ``kabul_reckoning``, ``conventional_new_year``, ``ambiguous_order``,
            ``different``, ``unreadable``, ``missing``).
        reason: One sentence for the officer.
        expected: ISO Gregorian form of the expected date (as given when unreadable).
        found: ISO Gregorian form of the found date; both readings joined by `` or ``
            when ambiguous.
    """

    status: Status
    code: str
    reason: str
    expected: str
    found: str


DateLike = str | PartialDate | ParsedDate | DateInterval


def _as_parsed(value: str | PartialDate | ParsedDate, policy: MatchingPolicy) -> ParsedDate:
    if isinstance(value, ParsedDate):
        return value
    if isinstance(value, PartialDate):
        return ParsedDate(text=value.iso, calendar=value.calendar, native=value, candidates=(value,))
    return parse_date_text(value, policy=policy)


def _shown(p: ParsedDate) -> str:
    if p.native is not None:
        iso = p.native.gregorian_iso()
        if p.native.calendar == "solar_hijri":
            return f"{iso} ({p.native.iso} SH)"
        return iso
    if p.candidates:
        return " or ".join(c.gregorian_iso() for c in p.candidates)
    return p.text


def _near_nowruz(pd: PartialDate, window: int) -> bool:
    if pd.calendar != "solar_hijri" or pd.day is None:
        return False
    if pd.month == 1:
        return pd.day <= window
    if pd.month == 12:
        return pd.day > _month_length(pd.year, 12, "solar_hijri") - window
    return False


Settled = PartialDate | DateInterval


def _span(x: Settled) -> DateInterval:
    return x if isinstance(x, DateInterval) else x.interval()


def _describe(x: Settled) -> str:
    if isinstance(x, DateInterval):
        return f"range {x.label}"
    return f"{x.precision}-only date {x.iso}" + (" SH" if x.calendar == "solar_hijri" else "")


def _compare_one(exp: Settled, fnd: Settled, policy: MatchingPolicy, allow_conventional: bool) -> tuple[Status, str, str]:
    """Status, code and reason for two settled dates."""
    a, b = _span(exp), _span(fnd)
    if a == b:
        cals = {x.calendar for x in (exp, fnd) if isinstance(x, PartialDate)}
        if len(cals) > 1:
            return "pass", "exact", "same day (Solar Hijri converted)" if a.is_single_day else "same interval"
        if a.is_single_day:
            return "pass", "exact", "exact"
        return "pass", "exact", f"same {exp.precision}" if isinstance(exp, PartialDate) else "same interval"
    if a.contains(b) or b.contains(a):
        coarse = exp if a.contains(b) else fnd
        return "pass", "within_interval", f"{_describe(coarse)} agrees with the other date"
    if a.overlaps(b):
        return "pass", "overlap", "the two partial dates overlap (Solar Hijri and Gregorian years straddle)"
    sh = [p for p in (exp, fnd) if isinstance(p, PartialDate) and p.calendar == "solar_hijri"]
    if policy.kabul_meridian_reckoning and a.is_single_day and b.is_single_day:
        for p, other in ((exp, b), (fnd, a)):
            if isinstance(p, PartialDate) and p.calendar == "solar_hijri" and p.day is not None:
                assert p.month is not None
                kabul = _nowruz.to_gregorian(p.year, p.month, p.day, _nowruz.KABUL_UTC_OFFSET)
                if kabul is not None and kabul == other.first:
                    return ("pass", "kabul_reckoning",
                            "same day when the Solar Hijri date is reckoned on Kabul's meridian "
                            f"(Nowruz {p.year} falls a day apart from Iran's)")
    if sh and policy.nowruz_tolerance_days > 0 and a.gap_days(b) <= policy.nowruz_tolerance_days:
        in_scope = policy.nowruz_tolerance_scope == "always" or any(
            _near_nowruz(p, policy.nowruz_window_days) for p in sh
        )
        if in_scope:
            return ("pass", "nowruz_tolerance",
                    f"{a.gap_days(b)} day apart near Nowruz (Afghan and Iranian leap-year practice differ)")
    if allow_conventional and a.is_single_day and b.is_single_day:
        for p, other in ((exp, b), (fnd, a)):
            if not isinstance(p, PartialDate) or not p.is_new_year:
                continue
            if p.calendar == "gregorian" and policy.conventional_jan1_review and other.first.year == p.year:
                return ("review", "conventional_new_year",
                        "1 January is a common conventional birthday; the other date is another day of that year")
            if (p.calendar == "solar_hijri" and policy.conventional_sh_new_year_review
                    and PartialDate(p.year, calendar="solar_hijri").interval().contains(other)):
                return ("review", "conventional_new_year",
                        "1 Hamal is a common conventional birthday; the other date is another day of that year")
    return "fail", "different", "different dates"


def compare_dates(
    expected: DateLike,
    found: DateLike,
    *,
    policy: MatchingPolicy = DEFAULT_POLICY,
    allow_conventional: bool = True,
) -> DateComparison:
    """Compare an expected date (usually the record's) with a found one (usually a document's).

    Rules, from DOMAIN.md: dates are intervals (a year-only date agrees with any day of
    that year); a 1 January date against a different day of the same year is a review;
    Solar Hijri against Gregorian passes with ``policy.nowruz_tolerance_days`` around
    Nowruz; an ambiguous day/month date is never settled by the other date: it is a
    review when any reading agrees, and a fail (``policy.ambiguous_all_readings_disagree``)
    when none does; an unreadable or impossible date is a review.

    Args:
        expected: ISO text (``1988``, ``1988-03``, ``1988-03-21``), any text
            :func:`parse_date_text` reads, a :class:`PartialDate` or a :class:`ParsedDate`.
        found: The same kinds.
        policy: Thresholds.
        allow_conventional: Whether a 1 January date may be a conventional birthday
            (True for dates of birth, False for employment dates).

    Returns:
        A :class:`DateComparison`.
    """
    readings: list[tuple[Settled, ...]] = []
    shown: list[str] = []
    problems: list[tuple[str, str]] = []
    for label, value in (("expected", expected), ("found", found)):
        if isinstance(value, DateInterval):
            readings.append((value,))
            shown.append(value.label)
            continue
        p = _as_parsed(value, policy)
        readings.append(p.candidates)
        shown.append(_shown(p))
        if not p.candidates:
            if not p.text.strip():
                problems.append(("missing", f"no {label} date"))
            else:
                problems.append(("unreadable", f"{label} date unreadable: {p.error or 'not a date'}"))
    shown_e, shown_f = shown
    if problems:
        code, reason = problems[0]
        return DateComparison("review", code, reason, shown_e, shown_f)
    outcomes = [_compare_one(e, f, policy, allow_conventional) for e in readings[0] for f in readings[1]]
    if len(outcomes) == 1:
        status, code, reason = outcomes[0]
        return DateComparison(status, code, reason, shown_e, shown_f)
    # Ambiguous: the other date must not pick the reading.
    if all(o[0] == "pass" for o in outcomes):
        return DateComparison("pass", outcomes[0][1], outcomes[0][2] + " (whichever the day/month order)",
                              shown_e, shown_f)
    if all(o[0] == "fail" for o in outcomes):
        return DateComparison(policy.ambiguous_all_readings_disagree, "different",
                              "no reading of the ambiguous day/month order agrees", shown_e, shown_f)
    return DateComparison("review", "ambiguous_order",
                          "day/month order ambiguous and not settled by the document; one reading agrees",
                          shown_e, shown_f)
