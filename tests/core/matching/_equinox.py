"""An independent source of truth for Solar Hijri conversion: the astronomical rule.

The Iranian calendar starts the year on the day whose Tehran noon (UTC+3:30 local
mean time of the 52.5 E meridian) follows the March equinox. We compute the equinox
with Meeus, *Astronomical Algorithms* ch. 27 (mean equinox polynomial plus the 24
periodic terms, accurate to about a minute for 1950-2050), then count days with the
month lengths (6 x 31, 5 x 30, 29/30). Nothing here uses jdatetime.
"""

from __future__ import annotations

import datetime as dt
import math

_TERMS = (
    (485, 324.96, 1934.136), (203, 337.23, 32964.467), (199, 342.08, 20.186), (182, 27.85, 445267.112),
    (156, 73.14, 45036.886), (136, 171.52, 22518.443), (77, 222.54, 65928.934), (74, 296.72, 3034.906),
    (70, 243.58, 9037.513), (58, 119.81, 33718.147), (52, 297.17, 150.678), (50, 21.02, 2281.226),
    (45, 247.54, 29929.562), (44, 325.15, 31555.956), (29, 60.93, 4443.417), (18, 155.12, 67555.328),
    (17, 288.79, 4562.452), (16, 198.04, 62894.029), (14, 199.76, 31436.921), (12, 95.39, 14577.848),
    (12, 287.11, 31931.756), (12, 320.81, 34777.259), (9, 227.73, 1222.114), (8, 15.45, 16859.074),
)
_JD_UNIX_EPOCH = 2440587.5


def march_equinox_utc(year: int) -> dt.datetime:
    """The March equinox of a Gregorian year, UTC (Meeus ch. 27; Delta-T taken as 60 s)."""
    y = (year - 2000) / 1000
    jde0 = 2451623.80984 + 365242.37404 * y + 0.05169 * y**2 - 0.00411 * y**3 - 0.00057 * y**4
    t = (jde0 - 2451545.0) / 36525
    w = math.radians(35999.373 * t - 2.47)
    dl = 1 + 0.0334 * math.cos(w) + 0.0007 * math.cos(2 * w)
    s = sum(a * math.cos(math.radians(b + c * t)) for a, b, c in _TERMS)
    jde = jde0 + 0.00001 * s / dl
    jd_ut = jde - 60 / 86400
    return dt.datetime(1970, 1, 1) + dt.timedelta(days=jd_ut - _JD_UNIX_EPOCH)


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
