"""An independent source of truth for Solar Hijri conversion: the astronomical rule.

The Iranian calendar starts the year on the day whose Tehran noon (UTC+3:30 local
mean time of the 52.5 E meridian) follows the March equinox. We compute the equinox
with Meeus, *Astronomical Algorithms* ch. 27 (mean equinox polynomial plus the 24
periodic terms, accurate to about a minute for 1950-2050; the formula lives in
workstation/matching/_nowruz.py, checked here against the 2023 and 2024 equinoxes),
then count days with the month lengths (6 x 31, 5 x 30, 29/30). Nothing here uses jdatetime.
"""

from __future__ import annotations

import datetime as dt

from workstation.matching._nowruz import march_equinox_utc


def nowruz(sh_year: int, meridian_hours: float = 3.5) -> tuple[dt.date, float]:
    """Gregorian date of 1 Farvardin/Hamal of ``sh_year`` and the equinox's distance from noon (hours).

    Args:
        sh_year: Solar Hijri year.
        meridian_hours: The reference meridian as a UTC offset (3.5 = Tehran, 4.5 = Kabul).
    """
    eq_local = march_equinox_utc(sh_year + 621) + dt.timedelta(hours=meridian_hours)
    noon = dt.datetime.combine(eq_local.date(), dt.time(12))
    margin = abs((eq_local - noon).total_seconds()) / 3600
    day = eq_local.date() if eq_local < noon else eq_local.date() + dt.timedelta(days=1)
    return day, margin


def sh_to_gregorian(year: int, month: int, day: int) -> dt.date:
    """Solar Hijri to Gregorian by the astronomical rule (raises ValueError for an impossible day)."""
    start, _ = nowruz(year)
    length = (nowruz(year + 1)[0] - start).days
    month_len = 31 if month <= 6 else 30 if month <= 11 else length - 336
    if not (1 <= month <= 12 and 1 <= day <= month_len):
        raise ValueError(f"{year}-{month}-{day} does not exist")
    offset = (month - 1) * 31 if month <= 7 else 186 + (month - 7) * 30
    return start + dt.timedelta(days=offset + day - 1)
