"""SPECIMEN e-tazkira and paper-tazkira images rendered with PyMuPDF, with their truth.

A stand-in for ``tests/synth`` until its tazkira generator lands; the bench prefers the
generator's cards when it is available. Every card says SPECIMEN. The layout is this
module's own (no real card is copied): a header, a photo box on the left, then one row per
field with the English label and value on the left and the Dari/Pashto label and value,
right to left, on the right. Numbers on the Dari side are Persian digits and dates Solar Hijri.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field
from typing import Any

import jdatetime
import numpy as np
import pymupdf

from tests.synth.mrz import td1

PERSIAN = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")
ARABIC_INDIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")
NOTO = "/usr/share/fonts/truetype/farsiweb"
OCRB = "/usr/share/fonts/opentype/ocr-b/OCRB.otf"
# Card drawn at twice ID-1 size in points; rendered at 150 dpi it is an ID-1 card at 300 dpi.
W, H = 85.6 / 25.4 * 72 * 2, 54 / 25.4 * 72 * 2

GIVEN_M = (
    ("MOHAMMAD NASIR", "محمد نصیر"), ("AHMAD", "احمد"), ("ABDUL ALI", "عبدالعلی"), ("GHULAM HAZRAT", "غلام حضرت"),
    ("ZAMAN", "زمان"), ("FARID", "فرید"), ("JAWAD", "جواد"), ("HAMID", "حمید"), ("KHALID", "خالد"),
    ("RAHMATULLAH", "رحمت‌الله"), ("HABIBULLAH", "حبیب‌الله"), ("NOORULLAH", "نورالله"), ("KARIM", "کریم"),
    ("MIRWAIS", "میرویس"), ("BASHIR AHMAD", "بشیر احمد"), ("SAYED JALAL", "سید جلال"), ("NAVEED", "نوید"),
    ("MOHAMMAD HASHIM", "محمد هاشم"), ("SHIR ALI", "شیر علی"), ("JAMSHID", "جمشید"),
)
GIVEN_F = (
    ("FATIMA", "فاطمه"), ("ZAHRA", "زهرا"), ("MARYAM", "مریم"), ("NARGIS", "نرگس"), ("PARWANA", "پروانه"),
    ("SHABANA", "شبانه"), ("FARIBA", "فریبا"), ("LAILA", "لیلا"), ("ROYA", "رویا"), ("HAMIDA", "حمیده"),
)
SURNAMES = (
    ("AHMADZAI", "احمدزی"), ("KARZAI", "کرزی"), ("POPAL", "پوپل"), ("STANIKZAI", "ستانکزی"), ("HOTAK", "هوتک"),
    ("NOORI", "نوری"), ("SULTANI", "سلطانی"), ("RAHIMI", "رحیمی"), ("HAKIMI", "حکیمی"), ("SAFI", "صافی"),
    ("WARDAK", "وردک"), ("DURRANI", "درانی"), ("BARAKZAI", "بارکزی"), ("NAZARI", "نظری"), ("HASHIMI", "هاشمی"),
    ("AMIRI", "امیری"), ("JALALI", "جلالی"), ("HAIDARI", "حیدری"), ("NIAZI", "نیازی"), ("AZIZI", "عزیزی"),
)
PLACES = (
    ("KABUL", "کابل"), ("KANDAHAR", "کندهار"), ("HERAT", "هرات"), ("MAZAR-E-SHARIF", "مزار شریف"),
    ("JALALABAD", "جلال‌آباد"), ("KUNDUZ", "کندز"), ("GHAZNI", "غزنی"), ("KHOST", "خوست"), ("LOGAR", "لوگر"),
    ("PARWAN", "پروان"), ("BAMYAN", "بامیان"), ("HELMAND", "هلمند"), ("BAGHLAN", "بغلان"), ("LAGHMAN", "لغمان"),
)


@dataclass(frozen=True)
class CardTruth:
    """What a SPECIMEN card says, in the reader's output form (dates ISO Gregorian)."""

    tazkira_number: str
    given_names: str
    given_names_fa: str
    surname: str
    surname_fa: str
    father_name: str
    father_name_fa: str
    date_of_birth: str  # ISO Gregorian; for a year-only Solar Hijri date the ISO interval
    dob_solar: str  # as printed, ASCII digits: 1367/01/01 or 1367
    place_of_birth: str
    place_of_birth_fa: str
    sex: str
    issue_date: str
    issue_solar: str
    expiry_date: str
    mrz: tuple[str, ...] = ()
    extra: dict[str, Any] = field(default_factory=dict)

    def fields(self) -> dict[str, str]:
        """The fields a reader must report, keyed as in ARCHITECTURE.md 4.2 plus sex and issue date."""
        return {
            "tazkira_number": self.tazkira_number,
            "given_names": self.given_names,
            "surname": self.surname,
            "father_name": self.father_name,
            "date_of_birth": self.date_of_birth,
            "place_of_birth": self.place_of_birth,
            "sex": self.sex,
            "issue_date": self.issue_date,
        }


def solar(d: dt.date) -> str:
    """``YYYY/MM/DD`` Solar Hijri of a Gregorian date (ASCII digits)."""
    j = jdatetime.date.fromgregorian(date=d)
    return f"{j.year:04d}/{j.month:02d}/{j.day:02d}"


def solar_year_interval(year: int) -> str:
    """The Gregorian interval of a Solar Hijri year, ``start/end`` ISO."""
    a = jdatetime.date(year, 1, 1).togregorian()
    b = jdatetime.date(year + 1, 1, 1).togregorian() - dt.timedelta(days=1)
    return f"{a.isoformat()}/{b.isoformat()}"


def make_truth(rng: random.Random, *, single_name: bool | None = None, year_only: bool | None = None) -> CardTruth:
    """A random SPECIMEN person and card."""
    sex = rng.choices(("M", "F"), weights=(75, 25))[0]
    given, given_fa = rng.choice(GIVEN_F if sex == "F" else GIVEN_M)
    surname, surname_fa = rng.choice(SURNAMES)
    if single_name if single_name is not None else rng.random() < 0.12:
        surname, surname_fa = "", ""
    father, father_fa = rng.choice(GIVEN_M)
    place, place_fa = rng.choice(PLACES)
    dob = dt.date(rng.randint(1962, 2004), 1, 1) + dt.timedelta(days=rng.randint(0, 364))
    if year_only if year_only is not None else rng.random() < 0.08:
        sy = jdatetime.date.fromgregorian(date=dob).year
        dob_solar, dob_iso = f"{sy}", str(sy + 621)  # reader labels an SH year by its middle
    else:
        dob_solar, dob_iso = solar(dob), dob.isoformat()
    issue = dt.date(2018, 6, 1) + dt.timedelta(days=rng.randint(0, 2600))
    expiry = issue.replace(year=issue.year + 10) if not (issue.month == 2 and issue.day == 29) else issue + dt.timedelta(3652)
    number = f"{rng.randint(1397, 1402)}-{rng.randint(1, 9999):04d}-{rng.randint(0, 99999):05d}"
    yy = f"{dob.year % 100:02d}{dob.month:02d}{dob.day:02d}" if "/" in dob_solar else f"{dob.year % 100:02d}<<<<"
    lines, _ = td1(
        doc_type="ID", issuing="AFG", number=number.replace("-", "")[:9], optional1=number.replace("-", "")[9:],
        dob=yy, sex=sex, expiry=expiry.strftime("%y%m%d"), nationality="AFG", optional2="",
        surname=surname or given, given_names="" if not surname else given,
    )
    return CardTruth(
        tazkira_number=number, given_names=given, given_names_fa=given_fa, surname=surname, surname_fa=surname_fa,
        father_name=father, father_name_fa=father_fa, date_of_birth=dob_iso, dob_solar=dob_solar,
        place_of_birth=place, place_of_birth_fa=place_fa, sex=sex, issue_date=issue.isoformat(),
        issue_solar=solar(issue), expiry_date=expiry.isoformat(), mrz=tuple(lines),
    )


def _css(size: float) -> str:
    return (
        "@font-face {font-family: naskh; src: url(nazli.ttf);} "
        f"body {{font-family: naskh; font-size: {size}px; direction: rtl; text-align: right; margin: 0}}"
    )


def _rtl(page: Any, rect: pymupdf.Rect, text: str, size: float = 11.0, align: str = "right") -> None:
    html = f"<p dir='rtl' style='text-align:{align}; margin:0'>{text}</p>"
    spare, _ = page.insert_htmlbox(rect, html, css=_css(size), archive=pymupdf.Archive(NOTO))
    if spare < 0:
        raise RuntimeError("Arabic text did not fit its box")


def _pixmap_to_array(pix: Any) -> np.ndarray:
    arr = np.frombuffer(pix.samples, dtype=np.uint8).reshape(pix.height, pix.width, pix.n)
    return np.ascontiguousarray(arr[:, :, 2::-1]) if pix.n >= 3 else arr.copy()  # RGB -> BGR


ROWS = (
    ("tazkira_number", "ID No.", "شماره تذکره / د تذکرې شمېره"),
    ("given_names", "Name", "نام / نوم"),
    ("surname", "Surname", "تخلص"),
    ("father_name", "Father Name", "نام پدر / د پلار نوم"),
    ("date_of_birth", "Date of Birth", "تاریخ تولد / د زیږیدو نېټه"),
    ("place_of_birth", "Place of Birth", "محل تولد / د زیږیدو ځای"),
    ("sex", "Sex", "جنسیت / جنس"),
    ("issue_date", "Date of Issue", "تاریخ صدور / د صدور نېټه"),
)


def render_front(t: CardTruth, *, dpi: int = 150, arabic_indic: bool = False) -> np.ndarray:
    """The e-tazkira front as a BGR array (ID-1 at 300 dpi by default)."""
    digits = ARABIC_INDIC if arabic_indic else PERSIAN
    doc = pymupdf.open()
    page = doc.new_page(width=W, height=H)
    page.draw_rect(page.rect, color=(0.2, 0.4, 0.3), fill=(0.93, 0.97, 0.94), width=2)
    page.insert_text((130, 22), "ISLAMIC REPUBLIC OF AFGHANISTAN", fontsize=10, fontname="hebo")
    _rtl(page, pymupdf.Rect(120, 26, W - 12, 44), "جمهوری اسلامی افغانستان - تذکره الکترونیکی", 10, "center")
    page.insert_text((14, 22), "SPECIMEN", fontsize=10, fontname="hebo", color=(0.8, 0.1, 0.1))
    page.draw_rect(pymupdf.Rect(14, 60, 110, 180), color=(0.4, 0.4, 0.4), fill=(0.8, 0.85, 0.85))
    page.insert_text((30, 125), "PHOTO", fontsize=10, fontname="helv", color=(0.5, 0.5, 0.5))
    sex_fa = {"M": "مرد", "F": "زن"}.get(t.sex, "-")
    values = {
        "tazkira_number": (t.tazkira_number, t.tazkira_number),
        "given_names": (t.given_names, t.given_names_fa),
        "surname": (t.surname or "-", t.surname_fa or "-"),
        "father_name": (t.father_name, t.father_name_fa),
        "date_of_birth": (t.dob_solar, t.dob_solar),
        "place_of_birth": (t.place_of_birth, t.place_of_birth_fa),
        "sex": (t.sex, sex_fa),
        "issue_date": (t.issue_solar, t.issue_solar),
    }
    y = 64.0
    for key, en_label, fa_label in ROWS:
        en, fa = values[key]
        page.insert_text((120, y + 11), f"{en_label}:", fontsize=7, fontname="helv", color=(0.3, 0.3, 0.3))
        page.insert_text((185, y + 11), en, fontsize=9, fontname="hebo")
        if key in ("tazkira_number", "date_of_birth", "issue_date"):
            fa = fa.translate(digits)
        _rtl(page, pymupdf.Rect(300, y - 2, W - 10, y + 18), f"{fa_label}: {fa}", 9.5)
        y += 27.0
    pix = page.get_pixmap(dpi=dpi)
    return _pixmap_to_array(pix)


def render_back(t: CardTruth, *, dpi: int = 150) -> np.ndarray:
    """The e-tazkira back: a few printed lines and the TD1 MRZ in OCR-B."""
    doc = pymupdf.open()
    page = doc.new_page(width=W, height=H)
    page.draw_rect(page.rect, color=(0.2, 0.4, 0.3), fill=(0.95, 0.97, 0.95), width=2)
    page.insert_text((14, 24), "SPECIMEN - NSIA", fontsize=10, fontname="hebo", color=(0.8, 0.1, 0.1))
    page.insert_text((14, 44), f"Date of Expiry: {t.expiry_date}", fontsize=8, fontname="helv")
    page.insert_font(fontname="ocrb", fontfile=OCRB)
    y = H - 78
    for line in t.mrz:
        page.insert_text((22, y), line, fontsize=15.5, fontname="ocrb")
        y += 25
    return _pixmap_to_array(page.get_pixmap(dpi=dpi))
