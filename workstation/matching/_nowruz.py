"""Nowruz by the astronomical rule, for the Tehran and the Kabul meridian.

The Solar Hijri year starts on the day whose local noon follows the March equinox.
jdatetime (Iran's reckoning, 52.5 E, UTC+3:30) and a reckoning on Kabul's meridian
(UTC+4:30) agree on Nowruz in most years, but not when the equinox falls in the
hour between Kabul noon and Tehran noon (1342, 1346, 1375, 1379, 1408 SH...). In
those years every date of the year is one day apart between the two reckonings.
The equinox comes from Meeus, *Astronomical Algorithms*, ch. 27 (about a minute
of error for 1900-2100); tests/core/matching/_equinox.py checks it against
jdatetime for every year 1300-1479.
"""

from __future__ import annotations

import datetime as dt
import math
from functools import lru_cache

_TERMS = (
    (485, 324.96, 1934.136), (203, 337.23, 32964.467), (199, 342.08, 20.186), (182, 27.85, 445267.112),
    (156, 73.14, 45036.886), (136, 171.52, 22518.443), (77, 222.54, 65928.934), (74, 296.72, 3034.906),
    (70, 243.58, 9037.513), (58, 119.81, 33718.147), (52, 297.17, 150.678), (50, 21.02, 2281.226),
    (45, 247.54, 29929.562), (44, 325.15, 31555.956), (29, 60.93, 4443.417), (18, 155.12, 67555.328),
    (17, 288.79, 4562.452), (16, 198.04, 62894.029), (14, 199.76, 31436.921), (12, 95.39, 14577.848),
    (12, 287.11, 31931.756), (12, 320.81, 34777.259), (9, 227.73, 1222.114), (8, 15.45, 16859.074),
)
TEHRAN_UTC_OFFSET = 3.5
KABUL_UTC_OFFSET = 4.5


def march_equinox_utc(year: int) -> dt.datetime:
    """The March equinox of a Gregorian year, UTC (Meeus ch. 27; Delta-T taken as 60 s)."""
    y = (year - 2000) / 1000
    jde0 = 2451623.80984 + 365242.37404 * y + 0.05169 * y**2 - 0.00411 * y**3 - 0.00057 * y**4
    t = (jde0 - 2451545.0) / 36525
    w = math.radians(35999.373 * t - 2.47)
    dl = 1 + 0.0334 * math.cos(w) + 0.0007 * math.cos(2 * w)
    s = sum(a * math.cos(math.radians(b + c * t)) for a, b, c in _TERMS)
    jd_ut = jde0 + 0.00001 * s / dl - 60 / 86400
    return dt.datetime(1970, 1, 1) + dt.timedelta(days=jd_ut - 2440587.5)


@lru_cache(maxsize=512)
def nowruz(sh_year: int, utc_offset_hours: float = TEHRAN_UTC_OFFSET) -> dt.date:
    """Gregorian date of 1 Hamal/Farvardin of ``sh_year`` on the given meridian."""
    local = march_equinox_utc(sh_year + 621) + dt.timedelta(hours=utc_offset_hours)
    noon = dt.datetime.combine(local.date(), dt.time(12))
    return local.date() if local < noon else local.date() + dt.timedelta(days=1)


def to_gregorian(year: int, month: int, day: int, utc_offset_hours: float) -> dt.date | None:
    """A Solar Hijri day in the reckoning of a meridian; None when the day does not exist there."""
    start = nowruz(year, utc_offset_hours)
    length = (nowruz(year + 1, utc_offset_hours) - start).days
    month_length = 31 if month <= 6 else 30 if month <= 11 else length - 336
    if not (1 <= month <= 12 and 1 <= day <= month_length):
        return None
    offset = (month - 1) * 31 if month <= 7 else 186 + (month - 7) * 30
    return start + dt.timedelta(days=offset + day - 1)
