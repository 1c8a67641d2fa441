"""Tazkira (Afghan national ID): e-tazkira card front and back (TD1 MRZ), and the paper certificate.

Layouts follow public descriptions only (UNVERIFIED in DOMAIN.md): keep readers tolerant.
"""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

import numpy as np
import pymupdf

from tests.synth import mrz, render
from tests.synth.dates import (
    AFGHAN_MONTHS,
    AFGHAN_MONTHS_FA,
    PartialDate,
    from_solar,
    persian_digits,
    printed,
    to_solar,
)
from tests.synth.people import Person

CARD_W, CARD_H = 85.6 / 25.4 * 72, 53.98 / 25.4 * 72
A5_W, A5_H = 420.0, 595.0
SUBTYPES = ("e_tazkira_front", "e_tazkira_back", "paper_tazkira", "paper_tazkira_translation")
#: Front layouts: ``classic`` (label over value, Dari on the same row) and ``inline`` (another
#: hand's card: ``LABEL: value`` rows in a serif face with synonym labels, the Dari printing on
#: the line under each, the number at the top, the photo on the right).
FRONT_LAYOUTS = ("classic", "inline")

# (Dari, Pashto, English)
LABELS = {
    "given_names": ("نام", "نوم", "Name"),
    "surname": ("تخلص", "تخلص", "Surname"),
    "father_name": ("نام پدر", "د پلار نوم", "Father's Name"),
    "date_of_birth": ("تاریخ تولد", "د زیږیدو نیټه", "Date of Birth"),
    "place_of_birth": ("محل تولد", "د زیږیدو ځای", "Place of Birth"),
    "sex": ("جنسیت", "جنس", "Sex"),
    "tazkira_number": ("شماره تذکره", "د تذکرې شمېره", "ID Number"),
    "issue_date": ("تاریخ صدور", "د صدور نیټه", "Date of Issue"),
    "expiry_date": ("تاریخ انقضا", "د پای نیټه", "Date of Expiry"),
}
SEX_FA = {"M": ("مرد", "نارینه", "Male"), "F": ("زن", "ښځینه", "Female")}


def solar_partial(d: PartialDate) -> tuple[str, list[str]]:
    """The Solar Hijri form (``YYYY-MM-DD``/``YYYY-MM``/``YYYY``) of a Gregorian partial date and the
    Gregorian interval it printed as covers.

    A full date converts exactly. A year-only date is printed as the Solar year holding 1 July of
    that year; a year-and-month date as the Solar month holding the 15th.
    """
    if d.full:
        y, m, dd = to_solar(d.date())
        g = d.date().isoformat()
        return f"{y:04d}-{m:02d}-{dd:02d}", [g, g]
    if d.month is None:
        y, _, _ = to_solar(dt.date(d.year, 7, 1))
        start = from_solar(y, 1, 1)
        end = from_solar(y + 1, 1, 1) - dt.timedelta(days=1)
        return f"{y:04d}", [start.isoformat(), end.isoformat()]
    y, m, _ = to_solar(dt.date(d.year, d.month, 15))
    start = from_solar(y, m, 1)
    nxt = from_solar(y + (m == 12), m % 12 + 1, 1)
    return f"{y:04d}-{m:02d}", [start.isoformat(), (nxt - dt.timedelta(days=1)).isoformat()]


def _solar_printed(solar_iso: str, style: str, digits: str) -> str:
    parts = [int(p) for p in solar_iso.split("-")]
    y = parts[0]
    m = parts[1] if len(parts) > 1 else None
    d = parts[2] if len(parts) > 2 else None
    if style == "month_name" and m:
        s = " ".join(x for x in ((str(d) if d else ""), AFGHAN_MONTHS_FA[m - 1], str(y)) if x)
    elif style == "month_name_latin" and m:
        return " ".join(x for x in ((str(d) if d else ""), AFGHAN_MONTHS[m - 1], str(y)) if x)
    else:
        s = "/".join(x for x in (f"{y:04d}", f"{m:02d}" if m else "", f"{d:02d}" if d else "") if x)
    return persian_digits(s) if digits == "persian" else s


def _card_background(page: pymupdf.Page, rng: random.Random) -> tuple[float, float, float]:
    bg = render.pale(rng, rng.choice(((0.9, 0.95, 0.98), (0.95, 0.97, 0.9), (0.97, 0.93, 0.88))))
    page.draw_rect(page.rect, color=None, fill=bg)
    render.guilloche(page, rng, (0, 0, CARD_W, CARD_H), tuple(c - 0.15 for c in bg), n=rng.randint(8, 14))  # type: ignore[arg-type]
    # faint round emblem
    cx, cy = CARD_W * rng.uniform(0.55, 0.7), CARD_H * 0.55
    for r in (22, 18):
        page.draw_circle((cx, cy), r, color=tuple(c - 0.1 for c in bg), width=0.5)
    # rounded card edge
    page.draw_rect(page.rect, color=(0.55, 0.55, 0.55), width=0.8, radius=0.05)
    return bg


def _names_fields(person: Person) -> dict[str, Any]:
    return {
        "given_names": person.given_names.upper() or None,
        "surname": person.surname.upper() or None,
        "father_name": person.father_name.upper(),
        "place_of_birth": person.place_of_birth.upper(),
    }


def make_front(
    rng: random.Random, person: Person, dpi: int, layout: str = "classic"
) -> tuple[np.ndarray, dict[str, Any]]:
    """The e-tazkira front: trilingual labels, Dari and Latin values, Solar Hijri dates in Persian digits.

    ``layout`` is one of :data:`FRONT_LAYOUTS`; ``classic`` draws from ``rng`` exactly as before
    the other layouts existed, so earlier seeds keep their cards.
    """
    if layout == "inline":
        return _make_front_inline(rng, person, dpi)
    if layout != "classic":
        raise ValueError(f"unknown front layout {layout!r}")
    doc = pymupdf.open()
    page = doc.new_page(width=CARD_W, height=CARD_H)
    _card_background(page, rng)
    ink = rng.choice(((0.05, 0.05, 0.1), (0.1, 0.1, 0.2)))
    lab = rng.choice(((0.1, 0.3, 0.5), (0.2, 0.2, 0.25), (0.35, 0.2, 0.15)))
    fa_font = rng.choice(("naskh", "nazli", "noto_sans_arabic", "amiri"))
    lat_font = rng.choice(render.LATIN_SANS)
    # header
    render.rtl(page, (20, 3, CARD_W - 20, 13), "جمهوری اسلامی افغانستان", fa_font, 6.5, lab, align="center", bold=True)
    render.rtl(page, (20, 11, CARD_W - 20, 20), "د افغانستان اسلامي جمهوریت", fa_font, 5.5, lab, align="center")
    render.text(page, CARD_W / 2, 25, "ISLAMIC REPUBLIC OF AFGHANISTAN", render.bold_of(lat_font), 5.5, lab,
                align="center")
    render.text(page, CARD_W / 2, 31.5, "Electronic National Identity Card", lat_font, 4.6, lab, align="center")
    photo_right = rng.random() < 0.3
    pw, ph = 48, 60
    px0 = CARD_W - pw - 7 if photo_right else 7
    py0 = 36 + rng.uniform(-2, 2)
    render.photo_placeholder(page, rng, (px0, py0, px0 + pw, py0 + ph))
    fx0 = 9 if photo_right else px0 + pw + 6
    fx1 = (px0 - 5) if photo_right else CARD_W - 6

    date_style = rng.choice(("numeric", "numeric", "month_name"))
    en_date_style = rng.choice(("solar_latin", "gregorian", "none"))
    if en_date_style == "solar_latin" and person.dob.month and sum(map(ord, person.tazkira_number)) % 3 == 0:
        # "1 Hamal 1367" on a third of them; decided without drawing from rng so that earlier
        # seeds (used by other tests) keep their cards
        en_date_style = "solar_month_latin"
    dob_solar, dob_interval = solar_partial(person.dob)
    issue = dt.date(rng.randint(2018, 2024), 1, 1) + dt.timedelta(days=rng.randint(0, 364))
    issue_solar = "-".join(f"{v:02d}" for v in to_solar(issue))
    expiry = issue.replace(year=issue.year + 10) - dt.timedelta(days=1)
    expiry_solar = "-".join(f"{v:02d}" for v in to_solar(expiry))
    reg_year = int(person.tazkira_number[:4])
    del reg_year

    num_latin = person.tazkira_number
    num_fa = persian_digits(num_latin)
    sexes = SEX_FA.get(person.sex)
    rows: list[tuple[str, str, str]] = []  # key, Dari value, Latin value
    rows.append(("given_names", person.given_names_fa, person.given_names.upper()))
    rows.append(("surname", person.surname_fa, person.surname.upper()))
    rows.append(("father_name", person.father_name_fa, person.father_name.upper()))
    dob_en = ""
    if en_date_style == "solar_latin":
        dob_en = _solar_printed(dob_solar, "numeric", "latin")
    elif en_date_style == "solar_month_latin":  # "1 Hamal 1367"
        dob_en = _solar_printed(dob_solar, "month_name_latin", "latin")
    elif en_date_style == "gregorian":
        dob_en = printed(person.dob, "dd/mm/yyyy")
    rows.append(("date_of_birth", _solar_printed(dob_solar, date_style, "persian"), dob_en))
    rows.append(("place_of_birth", person.place_of_birth_fa, person.place_of_birth.upper()))
    if sexes:
        rows.append(("sex", sexes[0], sexes[2]))
    if rng.random() < 0.5:
        rows.append(("expiry_date", _solar_printed(expiry_solar, "numeric", "persian"),
                     _solar_printed(expiry_solar, "numeric", "latin")))
    y = 36 + rng.uniform(-1, 2)
    rh = min(11.5, (CARD_H - 17 - y) / len(rows))
    lsz, vsz = 4.0, rng.uniform(5.0, 5.8)
    mid = fx0 + (fx1 - fx0) * 0.45
    printed_vals: dict[str, dict[str, str]] = {}
    boxes: dict[str, tuple[float, float, float, float]] = {}
    hexlab = "#" + "".join(f"{int(c * 255):02x}" for c in lab)
    for key, fa_val, lat_val in rows:
        dari, pashto, eng = LABELS[key]
        render.text(page, fx0, y + lsz, eng, lat_font, lsz, lab)
        if lat_val:
            boxes[key] = render.text(page, fx0, y + lsz + vsz + 0.3, lat_val, render.bold_of(lat_font), vsz, ink,
                                     max_width=mid - fx0 - 2)
        label_html = f'<span style="font-size: {lsz + 0.4:.1f}px; color: {hexlab}; font-weight: normal">{dari} / {pashto}:</span> '
        render.rtl(page, (mid, y + 1, fx1, y + rh + 1), fa_val, fa_font, vsz, ink, bold=True,
                   prefix_html=label_html)
        printed_vals[key] = {"fa": fa_val, "latin": lat_val}
        y += rh
    # number band at the bottom
    by = CARD_H - 13
    boxes["tazkira_number"] = render.text(page, 8, by + 7, "ID No. " + num_latin,
                                          "ocrb" if rng.random() < 0.5 else lat_font, 6.5, ink)
    render.rtl(page, (CARD_W * 0.5, by - 1, CARD_W - 7, by + 10), f"{LABELS['tazkira_number'][0]}: {num_fa}",
               fa_font, 6.2, ink)
    printed_vals["tazkira_number"] = {"fa": num_fa, "latin": num_latin}
    spec = render.specimen(page, rng, (fx0, 34, fx1, CARD_H - 16))
    img = render.to_array(page, dpi)
    doc.close()
    fields = {"tazkira_number": num_latin, **_names_fields(person)}
    fields["date_of_birth"] = person.dob.iso()
    fields["sex"] = person.sex if sexes else None
    fields["issue_date"] = None
    fields["expiry_date"] = expiry.isoformat() if any(r[0] == "expiry_date" for r in rows) else None
    truth = {
        "kind": "tazkira",
        "subtype": "e_tazkira_front",
        "fields": fields,
        "fields_fa": {
            "given_names": person.given_names_fa or None,
            "surname": person.surname_fa or None,
            "father_name": person.father_name_fa,
            "place_of_birth": person.place_of_birth_fa,
            "tazkira_number": num_fa,
        },
        "date_of_birth_solar": dob_solar,
        "date_of_birth_interval": dob_interval,
        "printed": printed_vals,
        "layout": {"fa_font": fa_font, "latin_font": lat_font, "date_style": date_style,
                   "english_date": en_date_style, "photo_right": photo_right, "card_mm": [85.6, 54.0]},
        "issue_date_solar": issue_solar,
        "boxes": render.norm_boxes(boxes, CARD_W, CARD_H),
        "specimen": {"style": spec},
        "render_dpi": dpi,
        "person_id": person.person_id,
    }
    return img, truth


#: Other words a card may print for each English label (the reader must not depend on one wording).
INLINE_LABELS = {
    "tazkira_number": ("NID No.", "Tazkira No.", "ID Number", "National ID No."),
    "given_names": ("Given Names", "First Name", "Name", "Given Name"),
    "surname": ("Surname", "Family Name", "Last Name"),
    "father_name": ("Father's Name", "Name of Father", "Father Name"),
    "date_of_birth": ("Date of Birth", "Birth Date", "DOB"),
    "place_of_birth": ("Place of Birth", "Birth Place"),
    "sex": ("Sex", "Gender"),
    "issue_date": ("Date of Issue", "Issue Date"),
}
#: Dari label pairs in the other order (Pashto first) or Dari only.
INLINE_DARI_LABELS = {
    "tazkira_number": ("نمبر تذکره", "د تذکرې شمېره"),
    "given_names": ("نوم / نام", "اسم"),
    "surname": ("تخلص", "کورنی نوم / تخلص"),
    "father_name": ("د پلار نوم / نام پدر", "ولد"),
    "date_of_birth": ("د زیږیدو نیټه / تاریخ تولد", "تاریخ تولد"),
    "place_of_birth": ("د زیږیدو ځای / محل تولد", "محل تولد"),
    "sex": ("جنس / جنسیت", "جنسیت"),
    "issue_date": ("د صدور نیټه / تاریخ صدور", "تاریخ صدور"),
}


def _make_front_inline(rng: random.Random, person: Person, dpi: int) -> tuple[np.ndarray, dict[str, Any]]:
    """An e-tazkira front drawn by another hand: ``LABEL: value`` rows, Dari under each row.

    Differences from ``classic``: serif Latin type (regular weight, not bold), labels in upper or
    title case with a colon and the value on the same row, label wording drawn from synonyms,
    surname before the given names, the number at the top, the photo on the right, each field's
    Dari/Pashto printing on its own line under the Latin one (labels Pashto-first or Dari only),
    Gregorian or Solar Hijri dates on the Latin side, an issue date instead of an expiry date.
    """
    doc = pymupdf.open()
    page = doc.new_page(width=CARD_W, height=CARD_H)
    _card_background(page, rng)
    ink = rng.choice(((0.0, 0.0, 0.0), (0.12, 0.1, 0.25)))
    lab = rng.choice(((0.25, 0.25, 0.3), (0.1, 0.25, 0.45), (0.4, 0.15, 0.15)))
    fa_font = rng.choice(("naskh", "noto_sans_arabic", "amiri"))  # nazli lacks Pashto letters
    lat_font = rng.choice(render.LATIN_SERIF)
    upper_labels = rng.random() < 0.5
    render.text(page, 8, 10, "AFGHANISTAN", render.bold_of(lat_font), 6.0, lab)
    render.text(page, 8, 16.5, "National Identity Card", lat_font, 4.8, lab)
    render.rtl(page, (CARD_W * 0.45, 2, CARD_W - 8, 12), "تذکره تابعیت الکترونیکی", fa_font, 6.0, lab, bold=True)
    render.rtl(page, (CARD_W * 0.45, 10, CARD_W - 8, 19), "افغانستان", fa_font, 5.0, lab)
    pw, ph = 46, 58
    px0, py0 = CARD_W - pw - 6, 40 + rng.uniform(-2, 2)
    render.photo_placeholder(page, rng, (px0, py0, px0 + pw, py0 + ph))
    fx0, fx1 = 8.0, px0 - 5
    issue = dt.date(rng.randint(2018, 2024), 1, 1) + dt.timedelta(days=rng.randint(0, 364))
    issue_solar = "-".join(f"{v:02d}" for v in to_solar(issue))
    dob_solar, dob_interval = solar_partial(person.dob)
    en_date_style = rng.choice(("solar_latin", "gregorian_mon"))
    sexes = SEX_FA.get(person.sex)

    def label_of(key: str) -> str:
        t = rng.choice(INLINE_LABELS[key])
        return (t.upper() if upper_labels else t) + ":"

    def dari_label_of(key: str) -> str:
        return rng.choice(INLINE_DARI_LABELS[key])

    num_latin = person.tazkira_number
    num_fa = persian_digits(num_latin)
    boxes: dict[str, tuple[float, float, float, float]] = {}
    printed_vals: dict[str, dict[str, str]] = {}
    # the number, top row, Latin left and Dari right
    nlab = label_of("tazkira_number")
    render.text(page, 8, 27, nlab, lat_font, 4.6, lab)
    boxes["tazkira_number"] = render.text(page, 8 + render.text_width(nlab, lat_font, 4.6) + 2.5, 27, num_latin,
                                          lat_font, 5.8, ink)
    render.rtl(page, (CARD_W * 0.52, 20.5, CARD_W - 8, 30.5), f"{dari_label_of('tazkira_number')}: {num_fa}",
               fa_font, 5.4, ink)
    printed_vals["tazkira_number"] = {"fa": num_fa, "latin": num_latin}
    if person.dob.full:
        dob_en = printed(person.dob, "dd_mon_yyyy") if en_date_style == "gregorian_mon" else \
            _solar_printed(dob_solar, "numeric", "latin")
    else:
        dob_en = _solar_printed(dob_solar, "numeric", "latin")
    rows: list[tuple[str, str, str]] = [
        ("surname", person.surname_fa, person.surname.upper()),
        ("given_names", person.given_names_fa, person.given_names.upper()),
        ("father_name", person.father_name_fa, person.father_name.upper()),
        ("date_of_birth", _solar_printed(dob_solar, rng.choice(("numeric", "month_name")), "persian"), dob_en),
        ("place_of_birth", person.place_of_birth_fa, person.place_of_birth.upper()),
    ]
    if sexes:
        rows.append(("sex", sexes[0], sexes[2].upper() if upper_labels else sexes[2]))
    rows.append(("issue_date", _solar_printed(issue_solar, "numeric", "persian"), printed(
        PartialDate(issue.year, issue.month, issue.day), "dd_mon_yyyy")))
    y = 36.0 + rng.uniform(-1, 1.5)
    rh = (CARD_H - 6 - y) / len(rows)
    lsz, vsz, fsz = 4.3, rng.uniform(5.0, 5.6), rng.uniform(4.6, 5.2)
    for key, fa_val, lat_val in rows:
        label = label_of(key)
        render.text(page, fx0, y + vsz, label, lat_font, lsz, lab)
        vx = fx0 + render.text_width(label, lat_font, lsz) + 2.5
        if lat_val:
            boxes[key] = render.text(page, vx, y + vsz, lat_val, lat_font, vsz, ink, max_width=fx1 - vx)
        if fa_val:
            render.rtl(page, (fx0 + 20, y + vsz + 0.6, fx1, y + rh + 0.6), f"{dari_label_of(key)}: {fa_val}", fa_font,
                       fsz, ink)
        printed_vals[key] = {"fa": fa_val, "latin": lat_val}
        y += rh
    spec = render.specimen(page, rng, (fx0, 30, fx1, CARD_H - 6))
    img = render.to_array(page, dpi)
    doc.close()
    fields = {"tazkira_number": num_latin, **_names_fields(person)}
    fields["date_of_birth"] = person.dob.iso()
    fields["sex"] = person.sex if sexes else None
    fields["issue_date"] = issue.isoformat()
    fields["expiry_date"] = None
    truth = {
        "kind": "tazkira",
        "subtype": "e_tazkira_front",
        "fields": fields,
        "fields_fa": {
            "given_names": person.given_names_fa or None,
            "surname": person.surname_fa or None,
            "father_name": person.father_name_fa,
            "place_of_birth": person.place_of_birth_fa,
            "tazkira_number": num_fa,
        },
        "date_of_birth_solar": dob_solar,
        "date_of_birth_interval": dob_interval,
        "printed": printed_vals,
        "layout": {"name": "inline", "fa_font": fa_font, "latin_font": lat_font, "english_date": en_date_style,
                   "upper_labels": upper_labels, "photo_right": True, "card_mm": [85.6, 54.0]},
        "issue_date_solar": issue_solar,
        "boxes": render.norm_boxes(boxes, CARD_W, CARD_H),
        "specimen": {"style": spec},
        "render_dpi": dpi,
        "person_id": person.person_id,
    }
    return img, truth


def make_back(rng: random.Random, person: Person, dpi: int) -> tuple[np.ndarray, dict[str, Any]]:
    """The e-tazkira back: address in Dari, a barcode strip and a TD1 MRZ (3 x 30)."""
    doc = pymupdf.open()
    page = doc.new_page(width=CARD_W, height=CARD_H)
    _card_background(page, rng)
    lab = (0.2, 0.2, 0.3)
    fa_font = rng.choice(("naskh", "nazli", "noto_sans_arabic"))
    serial = "".join(rng.choice("0123456789") for _ in range(9))
    issue = dt.date(rng.randint(2018, 2024), 1, 1) + dt.timedelta(days=rng.randint(0, 364))
    expiry = issue.replace(year=issue.year + 10) - dt.timedelta(days=1)
    render.rtl(page, (10, 6, CARD_W - 10, 16), f"سکونت: {person.place_of_birth_fa}، افغانستان", fa_font, 5.5, lab)
    render.rtl(page, (10, 15, CARD_W - 10, 25), "اداره ملی احصائیه و معلومات", fa_font, 5, lab)
    # barcode-like strip
    shape = page.new_shape()
    x = 10.0
    while x < CARD_W * 0.55:
        wbar = rng.choice((0.5, 0.8, 1.2))
        shape.draw_rect(pymupdf.Rect(x, 30, x + wbar, 52))
        x += wbar + rng.choice((0.5, 0.9, 1.3))
    shape.finish(color=None, fill=(0.1, 0.1, 0.1))
    shape.commit()
    sex_mrz = {"M": "M", "F": "F"}.get(person.sex, "<")
    dob = mrz.yymmdd(person.dob.year, person.dob.month, person.dob.day)
    lines, truncated = mrz.td1(
        doc_type="ID", issuing="AFG", number=serial, optional1=person.tazkira_number.replace("-", ""),
        dob=dob, sex=sex_mrz, expiry=mrz.yymmdd(expiry.year, expiry.month, expiry.day), nationality="AFG",
        optional2="", surname=person.surname, given_names=person.given_names,
    )
    mfont = rng.choice(("ocrb", "ocrb_sharp"))
    size = 9.6
    mx = (CARD_W - render.text_width(lines[0], mfont, size)) / 2
    my = CARD_H - 30
    zone = page.new_shape()
    zone.draw_rect(pymupdf.Rect(2, my - 11, CARD_W - 2, CARD_H - 2))
    zone.finish(color=None, fill=(0.97, 0.97, 0.96))
    zone.commit()
    boxes = {}
    for k, ln in enumerate(lines):
        boxes[f"mrz_line_{k + 1}"] = render.text(page, mx, my + k * 10.2, ln, mfont, size, (0.03, 0.03, 0.05))
    spec = render.specimen(page, rng, (CARD_W * 0.5, 26, CARD_W - 4, my - 10), style=rng.choice(("stamp", "diagonal")))
    img = render.to_array(page, dpi)
    doc.close()
    sur, _, giv = lines[2].partition("<<")
    truth = {
        "kind": "tazkira",
        "subtype": "e_tazkira_back",
        "fields": {
            "tazkira_number": person.tazkira_number,
            "document_number": serial,
            "surname": person.surname.upper() or None,
            "given_names": person.given_names.upper() or None,
            "date_of_birth": person.dob.iso(),
            "sex": person.sex,
            "nationality": "AFG",
            "expiry_date": expiry.isoformat(),
            "issuing_country": "AFG",
        },
        "mrz": {
            "format": "TD1",
            "lines": lines,
            "valid": all(mrz.td1_valid(lines).values()),
            "checks": mrz.td1_valid(lines),
            "name_truncated": truncated,
            "surname": sur.replace("<", " ").strip() or None,
            "given_names": giv.replace("<", " ").strip() or None,
            "optional_data_1": lines[0][15:30].rstrip("<"),
        },
        "specimen": {"style": spec},
        "layout": {"mrz_font": mfont, "card_mm": [85.6, 54.0]},
        "boxes": render.norm_boxes(boxes, CARD_W, CARD_H),
        "render_dpi": dpi,
        "person_id": person.person_id,
    }
    return img, truth


def _age_statement(rng: random.Random, person: Person) -> tuple[int, int, list[str]]:
    """(Solar registration year, stated age, implied Gregorian birth interval)."""
    birth_sh = to_solar(dt.date(person.dob.year, 7, 1))[0]
    age = rng.randint(6, 30)
    year_sh = birth_sh + age
    year_sh = min(year_sh, 1400)
    age = year_sh - birth_sh
    # "in year Y was N years old": born in SH year Y-N-1 (after that day) .. Y-N
    start = from_solar(year_sh - age - 1, 1, 1)
    end = from_solar(year_sh - age + 1, 1, 1) - dt.timedelta(days=1)
    return year_sh, age, [start.isoformat(), end.isoformat()]


def make_paper(rng: random.Random, person: Person, dpi: int, translation: bool) -> tuple[np.ndarray, dict[str, Any]]:
    """A paper tazkira certificate (Dari form filled by hand) or its English translation, no birth date."""
    doc = pymupdf.open()
    page = doc.new_page(width=A5_W, height=A5_H)
    paper = render.pale(rng, (0.96, 0.94, 0.86), 0.06)
    page.draw_rect(page.rect, color=None, fill=paper)
    border = rng.choice(((0.3, 0.45, 0.3), (0.35, 0.3, 0.5), (0.5, 0.3, 0.25)))
    page.draw_rect(pymupdf.Rect(14, 14, A5_W - 14, A5_H - 14), color=border, width=2)
    page.draw_rect(pymupdf.Rect(19, 19, A5_W - 19, A5_H - 19), color=border, width=0.6)
    ink = rng.choice(((0.1, 0.15, 0.55), (0.05, 0.05, 0.3), (0.15, 0.15, 0.15)))
    year_sh, age, interval = _age_statement(rng, person)
    vol, pg, no = rng.randint(1, 60), rng.randint(1, 300), rng.randint(1, 9999)
    grandfather, grandfather_fa = rng.choice((("Abdul Ghafar", "عبدالغفار"), ("Mohammad Akbar", "محمد اکبر"),
                                              ("Gul Mohammad", "گل محمد"), ("Sher Khan", "شیر خان")))
    hand_lat = rng.choice(("dkg", "femkeklaver"))
    hand_fa = rng.choice(("homa", "nazli", "amiri"))
    form_fa = rng.choice(("naskh", "titr")) if not translation else "naskh"
    photo = (A5_W - 120, 90, A5_W - 40, 190)
    render.photo_placeholder(page, rng, photo)
    pv: dict[str, str] = {}
    if not translation:
        render.rtl(page, (40, 30, A5_W - 40, 52), "جمهوری اسلامی افغانستان", form_fa, 14, border, align="center",
                   bold=True)
        render.rtl(page, (40, 52, A5_W - 40, 70), "وزارت امور داخله - تذکره تابعیت", form_fa, 11, border,
                   align="center")
        form_rows = [
            ("اسم", person.given_names_fa or person.surname_fa),
            ("تخلص", person.surname_fa if person.given_names_fa else ""),
            ("ولد", person.father_name_fa),
            ("ولدیت پدر کلان", grandfather_fa),
            ("سکونت اصلی", person.place_of_birth_fa),
            ("سکونت فعلی", rng.choice(("کابل", person.place_of_birth_fa))),
        ]
        y = 205.0
        for label, val in form_rows:
            render.rtl(page, (40, y, A5_W - 40, y + 20), label + ": ", form_fa, 11, (0.15, 0.15, 0.15))
            page.draw_line((60, y + 19), (A5_W - 40 - 11 * len(label) * 0.55 - 20, y + 19), color=(0.5, 0.5, 0.5),
                           width=0.4, dashes="[1 2] 0")
            if val:
                dx = rng.uniform(-20, 10)
                render.rtl(page, (60 + dx, y - 2, A5_W - 40 - 11 * len(label) * 0.55 - 30 + dx, y + 20), val,
                           hand_fa, rng.uniform(12, 14.5), ink)
            pv[label] = val
            y += 30
        age_line = f"در سال {persian_digits(str(year_sh))} به عمر {persian_digits(str(age))} ساله بود"
        render.rtl(page, (40, y, A5_W - 40, y + 22), age_line, hand_fa, 13, ink)
        pv["age"] = age_line
        y += 40
        reg = f"جلد {persian_digits(str(vol))}   صفحه {persian_digits(str(pg))}   نمبر ثبت {persian_digits(str(no))}"
        render.rtl(page, (40, y, A5_W - 40, y + 22), reg, form_fa, 11, (0.15, 0.15, 0.15))
        pv["registration"] = reg
    else:
        lat = rng.choice(render.LATIN_SERIF)
        render.text(page, A5_W / 2, 48, "Translation of Tazkira (Afghan National ID)", render.bold_of(lat), 13,
                    border, align="center")
        render.text(page, A5_W / 2, 64, "Islamic Republic of Afghanistan - Ministry of Interior", lat, 9.5, border,
                    align="center")
        name_val = person.given_names or person.surname
        rows = [
            ("Name", name_val),
            ("Surname", person.surname if person.given_names else ""),
            ("Father's name", person.father_name),
            ("Grandfather's name", grandfather),
            ("Original residence", person.place_of_birth),
            ("Present residence", rng.choice(("Kabul", person.place_of_birth))),
        ]
        y = 215.0
        for label, val in rows:
            render.text(page, 40, y, label + ":", lat, 10.5, (0.15, 0.15, 0.15))
            page.draw_line((150, y + 3), (A5_W - 40, y + 3), color=(0.5, 0.5, 0.5), width=0.4, dashes="[1 2] 0")
            if val:
                render.text(page, 155 + rng.uniform(-4, 8), y + rng.uniform(-1.5, 1), val, hand_lat,
                            rng.uniform(12, 15), ink, angle=rng.uniform(-1.5, 1.5))
            pv[label] = val
            y += 30
        s = "she" if person.sex == "F" else "he"
        age_line = f"In the year {year_sh} {s} was about {age} years old."
        render.text(page, 40, y + 4, age_line, hand_lat, 13, ink, max_width=A5_W - 80)
        pv["age"] = age_line
        y += 36
        reg = f"Volume {vol}, Page {pg}, Registration No. {no}"
        render.text(page, 40, y, reg, lat, 10.5, (0.15, 0.15, 0.15))
        pv["registration"] = reg
        render.text(page, 40, A5_H - 60, "Translated by: ____________   (translator's seal)", lat, 9, (0.3, 0.3, 0.3))
    # official round stamp
    cx, cy = rng.uniform(90, 160), A5_H - rng.uniform(95, 120)
    stamp_col = rng.choice(((0.45, 0.2, 0.6), (0.2, 0.3, 0.65)))
    page.draw_circle((cx, cy), 34, color=stamp_col, width=1.6, stroke_opacity=0.7)
    page.draw_circle((cx, cy), 25, color=stamp_col, width=0.7, stroke_opacity=0.7)
    render.text(page, cx, cy + 3, "MOI", "dejavu_sans_bold", 9, stamp_col, align="center", opacity=0.7)
    spec = render.specimen(page, rng, (40, 90, A5_W - 40, A5_H - 150), style="diagonal")
    img = render.to_array(page, dpi)
    doc.close()
    fields = _names_fields(person)
    if not person.given_names:  # the certificate has one name line; a single name goes there
        fields["given_names"], fields["surname"] = fields["surname"], None
    fields.update({"tazkira_number": f"{vol}/{pg}/{no}", "date_of_birth": None})
    truth = {
        "kind": "tazkira",
        "subtype": "paper_tazkira_translation" if translation else "paper_tazkira",
        "fields": fields,
        "fields_fa": None if translation else {
            "given_names": person.given_names_fa or person.surname_fa,
            "surname": person.surname_fa if person.given_names_fa else None,
            "father_name": person.father_name_fa,
            "place_of_birth": person.place_of_birth_fa,
        },
        "grandfather_name": grandfather.upper(),
        "registration": {"volume": vol, "page": pg, "number": no},
        "age_statement": {"year_solar": year_sh, "age": age, "implied_birth_interval": interval},
        "printed": pv,
        "layout": {"hand_font": hand_lat if translation else hand_fa, "form_font": form_fa},
        "specimen": {"style": spec},
        "render_dpi": dpi,
        "person_id": person.person_id,
    }
    return img, truth


def make_tazkira(
    rng: random.Random, person: Person, *, dpi: int = 300, subtype: str | None = None
) -> tuple[np.ndarray, dict[str, Any]]:
    """One tazkira image and its truth; ``subtype`` one of SUBTYPES (random when None).

    Paper certificates render at most at 200 dpi (they are A5 sheets).
    """
    subtype = subtype or rng.choices(SUBTYPES, weights=(40, 25, 20, 15))[0]
    if subtype == "e_tazkira_front":
        return make_front(rng, person, dpi)
    if subtype == "e_tazkira_back":
        return make_back(rng, person, dpi)
    if subtype in ("paper_tazkira", "paper_tazkira_translation"):
        return make_paper(rng, person, min(dpi, 200), subtype == "paper_tazkira_translation")
    raise ValueError(f"unknown tazkira subtype {subtype!r}")
