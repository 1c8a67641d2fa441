"""Dates for synthetic documents: partial dates, printed styles, Solar Hijri, Persian digits."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import jdatetime

MONTHS_ABBR = ("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC")
MONTHS_EN = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)
AFGHAN_MONTHS = (
    "Hamal", "Sawr", "Jawza", "Saratan", "Asad", "Sunbula", "Mizan", "Aqrab", "Qaws", "Jadi", "Dalw", "Hut",
)
AFGHAN_MONTHS_FA = ("حمل", "ثور", "جوزا", "سرطان", "اسد", "سنبله", "میزان", "عقرب", "قوس", "جدی", "دلو", "حوت")
PERSIAN_DIGITS = "۰۱۲۳۴۵۶۷۸۹"
ARABIC_INDIC_DIGITS = "٠١٢٣٤٥٦٧٨٩"


def persian_digits(s: str, arabic_indic: bool = False) -> str:
    """``s`` with ASCII digits replaced by Persian (or Arabic-Indic) digits."""
    table = ARABIC_INDIC_DIGITS if arabic_indic else PERSIAN_DIGITS
    return s.translate(str.maketrans("0123456789", table))


@dataclass(frozen=True)
class PartialDate:
    """A Gregorian date whose month and day may be unknown."""

    year: int
    month: int | None = None
    day: int | None = None

    @classmethod
    def of(cls, d: dt.date) -> PartialDate:
        """A full date."""
        return cls(d.year, d.month, d.day)

    @property
    def full(self) -> bool:
        """Whether month and day are known."""
        return self.month is not None and self.day is not None

    def iso(self) -> str:
        """``YYYY-MM-DD``, ``YYYY-MM`` or ``YYYY``."""
        if self.month is None:
            return f"{self.year:04d}"
        if self.day is None:
            return f"{self.year:04d}-{self.month:02d}"
        return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"

    def date(self) -> dt.date:
        """The date itself (unknown parts as 1)."""
        return dt.date(self.year, self.month or 1, self.day or 1)


# Printed styles on passports and ID cards.
PASSPORT_DATE_STYLES = ("dd_mon_yyyy", "dd/mm/yyyy", "dd.mm.yyyy", "dd_mon_yy")


def printed(d: PartialDate, style: str) -> str:
    """``d`` as printed on a passport data page; unknown parts become ``X``."""
    dd = f"{d.day:02d}" if d.day else "XX"
    mm = f"{d.month:02d}" if d.month else "XX"
    mon = MONTHS_ABBR[d.month - 1] if d.month else "XXX"
    if style == "dd_mon_yyyy":
        return f"{dd} {mon} {d.year}"
    if style == "dd_mon_yy":
        return f"{dd} {mon} {d.year % 100:02d}"
    if style == "dd/mm/yyyy":
        return f"{dd}/{mm}/{d.year}"
    if style == "dd.mm.yyyy":
        return f"{dd}.{mm}.{d.year}"
    raise ValueError(style)


def to_solar(d: dt.date) -> tuple[int, int, int]:
    """The Solar Hijri (year, month, day) of a Gregorian date."""
    j = jdatetime.date.fromgregorian(date=d)
    return j.year, j.month, j.day


def from_solar(y: int, m: int, d: int) -> dt.date:
    """The Gregorian date of a Solar Hijri date (raises ValueError when it does not exist)."""
    return jdatetime.date(y, m, d).togregorian()


def solar_text(d: dt.date, style: str, digits: str = "persian") -> str:
    """A Gregorian date written in Solar Hijri: ``numeric`` (1367/01/01) or ``month_name`` (1 حمل 1367)."""
    y, m, dd = to_solar(d)
    if style == "numeric":
        s = f"{y:04d}/{m:02d}/{dd:02d}"
    elif style == "numeric_dash":
        s = f"{y:04d}-{m:02d}-{dd:02d}"
    elif style == "month_name":
        s = f"{dd} {AFGHAN_MONTHS_FA[m - 1]} {y}"
    elif style == "month_name_latin":
        return f"{dd} {AFGHAN_MONTHS[m - 1]} {y}"
    else:
        raise ValueError(style)
    if digits == "persian":
        return persian_digits(s)
    if digits == "arabic":
        return persian_digits(s, arabic_indic=True)
    return s


def ordinal(n: int) -> str:
    """``1st``, ``2nd``, ``23rd``..."""
    suffix = "th" if 11 <= n % 100 <= 13 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"
