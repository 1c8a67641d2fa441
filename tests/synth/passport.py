"""TD3 passport data pages with a valid (or deliberately broken) MRZ and their ground truth."""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

import numpy as np
import pymupdf

from tests.synth import mrz, render
from tests.synth.dates import MONTHS_ABBR, PASSPORT_DATE_STYLES, PartialDate, printed, solar_text
from tests.synth.people import Person

# TD3 data page: 125 x 88 mm.
PAGE_W, PAGE_H = 125 / 25.4 * 72, 88 / 25.4 * 72

STATE_NAMES = {
    "AFG": ("ISLAMIC REPUBLIC OF AFGHANISTAN", "جمهوری اسلامی افغانستان", "AFGHAN"),
    "PAK": ("ISLAMIC REPUBLIC OF PAKISTAN", "اسلامی جمہوریہ پاکستان", "PAKISTANI"),
    "IRN": ("ISLAMIC REPUBLIC OF IRAN", "جمهوری اسلامی ایران", "IRANIAN"),
    "UTO": ("UTOPIA", "", "UTOPIAN"),
    "D": ("BUNDESREPUBLIK DEUTSCHLAND", "", "DEUTSCH"),
    "GBR": ("UNITED KINGDOM OF GREAT BRITAIN AND NORTHERN IRELAND", "", "BRITISH CITIZEN"),
    "TUR": ("REPUBLIC OF TÜRKİYE", "", "TÜRK"),
}

LABELS = {
    "en": {
        "type": "Type", "code": "Code", "number": "Passport No.", "surname": "Surname",
        "given_names": "Given names", "nationality": "Nationality", "date_of_birth": "Date of birth",
        "sex": "Sex", "place_of_birth": "Place of birth", "issue_date": "Date of issue",
        "expiry_date": "Date of expiry", "authority": "Authority",
    },
    "en_fr": {
        "type": "Type / Type", "code": "Code / Code", "number": "Passport No. / No. du passeport",
        "surname": "Surname / Nom", "given_names": "Given names / Prénoms",
        "nationality": "Nationality / Nationalité", "date_of_birth": "Date of birth / Date de naissance",
        "sex": "Sex / Sexe", "place_of_birth": "Place of birth / Lieu de naissance",
        "issue_date": "Date of issue / Date de délivrance", "expiry_date": "Date of expiry / Date d'expiration",
        "authority": "Authority / Autorité",
    },
}
LABELS_FA = {
    "type": "نوع", "code": "کد", "number": "شماره پاسپورت", "surname": "تخلص", "given_names": "نام",
    "nationality": "تابعیت", "date_of_birth": "تاریخ تولد", "sex": "جنسیت", "place_of_birth": "محل تولد",
    "issue_date": "تاریخ صدور", "expiry_date": "تاریخ ختم", "authority": "مرجع صدور",
}
AUTHORITIES = ("MOI KABUL", "MINISTRY OF INTERIOR", "PASSPORT DEPT. KABUL", "GDP KABUL", "MOI-PASSPORT")


#: Data-page layouts: ``grid`` (labels above values) and ``beside`` (each label beside its value).
LAYOUTS = ("grid", "beside")
#: French month abbreviations printed after the English ones on bilingual pages (``MAR/MARS``).
MONTHS_FR = ("JAN", "FÉV", "MARS", "AVR", "MAI", "JUIN", "JUIL", "AOÛT", "SEPT", "OCT", "NOV", "DÉC")
#: Date styles of the ``beside`` layout.
BESIDE_DATE_STYLES = ("dd_mon_fr_yy", "dd_mon_fr_yyyy", "dd_mon_yyyy", "dd/mm/yyyy", "dd_mm_yyyy")
#: Label wording of the ``beside`` layout, English and bilingual (other words than the grid's).
BESIDE_LABELS = {
    "en": {
        "number": "Passport number", "surname": "Surname", "given_names": "Given names",
        "nationality": "Nationality", "date_of_birth": "Date of birth", "sex": "Sex",
        "place_of_birth": "Place of birth", "issue_date": "Date of issue", "expiry_date": "Date of expiry",
        "authority": "Issuing authority",
    },
    "en_fr": {
        "number": "Passport No. / No. du passeport", "surname": "Surname / Nom", "given_names": "Given names / Prénoms",
        "nationality": "Nationality / Nationalité", "date_of_birth": "Date of birth / Date de naissance",
        "sex": "Sex / Sexe", "place_of_birth": "Place of birth / Lieu de naissance",
        "issue_date": "Date of issue / Date de délivrance", "expiry_date": "Date of expiry / Date d'expiration",
        "authority": "Authority / Autorité",
    },
}


def _beside_date(d: PartialDate, style: str) -> str:
    """A date of the ``beside`` layout; unknown parts become ``X``."""
    dd = f"{d.day:02d}" if d.day else "XX"
    mm = f"{d.month:02d}" if d.month else "XX"
    mon = MONTHS_ABBR[d.month - 1] if d.month else "XXX"
    fr = MONTHS_FR[d.month - 1] if d.month else "XXX"
    bilingual = mon if fr == mon else f"{mon}/{fr}"
    if style == "dd_mon_fr_yy":
        return f"{dd} {bilingual} {d.year % 100:02d}"
    if style == "dd_mon_fr_yyyy":
        return f"{dd} {bilingual} {d.year}"
    if style == "dd_mon_yyyy":
        return f"{dd} {mon} {d.year}"
    if style == "dd/mm/yyyy":
        return f"{dd}/{mm}/{d.year}"
    if style == "dd_mm_yyyy":
        return f"{dd} {mm} {d.year}"
    raise ValueError(style)


def _draw_beside(
    page: pymupdf.Page,
    rng: random.Random,
    person: Person,
    vals: dict[str, str],
    *,
    label_style: str,
    label_font: str,
    value_font: str,
    label_col: render.Color,
    ink: render.Color,
    x0: float,
    y0: float,
) -> tuple[dict[str, tuple[float, float, float, float]], dict[str, Any]]:
    """Another hand's data page: ``Label:  VALUE`` rows, one or two pairs a row.

    Dari labels (Afghan ``fa_en`` pages) sit above their English ones; dates carry a bilingual
    month and, on half the Afghan pages, the Solar Hijri date after them (Latin or Persian
    digits); a name too long for its row wraps onto a second line under the value. Updates
    ``vals`` with the strings printed; returns the value boxes and the layout facts.
    """
    date_style = rng.choice(BESIDE_DATE_STYLES)
    issuing = person.passport_issuing
    solar = rng.choice(("latin", "persian")) if issuing == "AFG" and rng.random() < 0.5 else ""
    upper_labels = rng.random() < 0.4
    colon = rng.choice(("", ":"))
    words = BESIDE_LABELS["en_fr" if label_style == "en_fr" else "en"]
    for key, d in (("date_of_birth", person.dob), ("issue_date", PartialDate.of(person.passport_issue)),
                   ("expiry_date", PartialDate.of(person.passport_expiry))):
        vals[key] = _beside_date(d, date_style)
    lsize = rng.uniform(5.0, 6.2)
    vsize = rng.uniform(7.2, 8.4)
    fa = label_style == "fa_en"
    rows: list[list[str]] = [["number"], ["surname"], ["given_names"], ["nationality"], ["date_of_birth", "sex"],
                             ["place_of_birth"], ["issue_date"], ["expiry_date"], ["authority"]]
    if rng.random() < 0.5 or solar:
        rows[4:5] = [["date_of_birth"], ["sex"]]
    x1 = PAGE_W - 10
    lw = max(render.text_width(_label_text(words[k], upper_labels, colon), label_font, lsize)
             for row in rows for k in row[:1]) + 5
    lw = min(lw, (x1 - x0) * 0.5)
    vx = x0 + lw
    boxes: dict[str, tuple[float, float, float, float]] = {}
    pitch = rng.uniform(13.5, 15.0) + (3.0 if fa else 0.0)
    bottom = PAGE_H - 62
    wraps = {k for k in ("surname", "given_names") if render.text_width(vals[k], value_font, vsize) > x1 - vx - 3}
    n_lines = len(rows) + len(wraps)
    y = y0 + (7.0 if fa else 4.0)
    if y + pitch * n_lines > bottom:
        pitch = (bottom - y) / n_lines
    solar_boxes: dict[str, str] = {}
    for row in rows:
        x = x0
        for j, key in enumerate(row):
            label = _label_text(words[key], upper_labels, colon)
            span_w = (x1 - x0) if len(row) == 1 else (x1 - x0) * (0.62 if j == 0 else 0.38)
            l_w = lw if j == 0 else min(render.text_width(label, label_font, lsize) + 5, span_w * 0.5)
            render.text(page, x, y, label, label_font, lsize, label_col, max_width=l_w - 3)
            if fa:
                render.rtl(page, (x, y - lsize * 2.4, x + l_w - 3, y - lsize * 0.75), LABELS_FA.get(key, ""),
                           "naskh", lsize * 1.0, label_col, align="left")
            val = vals[key]
            avail = span_w - l_w - 3
            if key in wraps and " " in val:
                # wrap at the last space that leaves the first line within the row
                parts = val.split(" ")
                cut = max(1, max((i for i in range(1, len(parts))
                                  if render.text_width(" ".join(parts[:i]), value_font, vsize) <= avail), default=1))
                first, rest = " ".join(parts[:cut]), " ".join(parts[cut:])
                b1 = render.text(page, x + l_w, y, first, value_font, vsize, ink, max_width=avail)
                y += pitch * 0.75
                b2 = render.text(page, x + l_w, y, rest, value_font, vsize, ink, max_width=avail)
                boxes[key] = (min(b1[0], b2[0]), b1[1], max(b1[2], b2[2]), b2[3])
            elif val:
                bb = render.text(page, x + l_w, y, val, value_font, vsize, ink, max_width=avail)
                boxes[key] = bb
                if solar and key in ("date_of_birth", "issue_date", "expiry_date"):
                    d = person.dob if key == "date_of_birth" else PartialDate.of(
                        person.passport_issue if key == "issue_date" else person.passport_expiry)
                    if d.full:
                        s = solar_text(d.date(), "numeric", digits="latin" if solar == "latin" else "persian")
                        solar_boxes[key] = s
                        sx = bb[2] + vsize * 1.5
                        if solar == "latin":
                            render.text(page, sx, y, s, value_font, vsize * 0.85, ink, max_width=max(10.0, x1 - sx))
                        else:
                            render.rtl(page, (sx, y - vsize * 1.1, min(x1, sx + vsize * 7), y + vsize * 0.4), s,
                                       "naskh", vsize * 0.9, ink, align="left")
            x += span_w
        y += pitch
    return boxes, {"date_style": date_style, "solar": solar, "solar_printed": solar_boxes,
                   "wrapped": sorted(wraps), "label_case": "upper" if upper_labels else "as_written"}


def _label_text(words: str, upper: bool, colon: str) -> str:
    return (words.upper() if upper else words) + colon


def _dob_mrz(d: PartialDate) -> str:
    return mrz.yymmdd(d.year, d.month, d.day)


def passport_truth_fields(person: Person) -> dict[str, Any]:
    """The 4.2 field values a reader should return for ``person``'s passport (upper-case, ISO dates)."""
    sur = person.surname.upper() or None
    giv = person.given_names.upper() or None
    return {
        "surname": sur,
        "given_names": giv,
        "document_number": person.passport_number,
        "nationality": person.nationality,
        "date_of_birth": person.dob.iso(),
        "sex": person.sex,
        "expiry_date": person.passport_expiry.isoformat(),
        "issuing_country": person.passport_issuing,
        "place_of_birth": person.place_of_birth.upper(),
        "issue_date": person.passport_issue.isoformat(),
    }


def _booklet(rng: random.Random, data_doc: pymupdf.Document, issuing: str) -> tuple[pymupdf.Document, pymupdf.Rect]:
    """The open booklet: cover edge, the observations page above the data page, a fold between."""
    edge, gap = rng.uniform(4, 8), rng.uniform(3, 6)
    w, h = PAGE_W + 2 * edge, 2 * PAGE_H + gap + 2 * edge
    doc = pymupdf.open()
    page = doc.new_page(width=w, height=h)
    cover = rng.choice(((0.1, 0.12, 0.1), (0.05, 0.1, 0.25), (0.35, 0.08, 0.1), (0.1, 0.2, 0.12)))
    page.draw_rect(page.rect, color=None, fill=cover, radius=0.03)
    upper = pymupdf.Rect(edge, edge, edge + PAGE_W, edge + PAGE_H)
    tint = render.pale(rng)
    page.draw_rect(upper, color=None, fill=tint)
    render.guilloche(page, rng, (upper.x0, upper.y0, upper.x1, upper.y1),
                     tuple(max(0.0, c - 0.12) for c in tint), n=rng.randint(8, 16))  # type: ignore[arg-type]
    label = rng.choice(render.LATIN_SANS)
    render.text(page, upper.x0 + PAGE_W / 2, upper.y0 + 18, "OBSERVATIONS", render.bold_of(label), 7,
                (0.3, 0.3, 0.35), align="center")
    if issuing == "AFG":
        render.rtl(page, (upper.x0 + 40, upper.y0 + 20, upper.x1 - 40, upper.y0 + 32), "ملاحظات", "naskh", 7,
                   (0.3, 0.3, 0.35), align="center")
    for k in range(rng.randint(0, 2)):  # an entry or exit stamp on the facing page
        cx = upper.x0 + rng.uniform(50, PAGE_W - 50)
        cy = upper.y0 + rng.uniform(50, PAGE_H - 40)
        col = rng.choice(((0.2, 0.3, 0.6), (0.5, 0.15, 0.2), (0.15, 0.4, 0.2)))
        page.draw_rect(pymupdf.Rect(cx - 34, cy - 20, cx + 34, cy + 20), color=col, width=1.2, radius=0.2,
                       stroke_opacity=0.7)
        render.text(page, cx, cy - 4, rng.choice(("ARRIVAL", "DEPARTURE", "ENTRY", "EXIT")), "dejavu_sans_bold", 6,
                    col, align="center", opacity=0.7)
        render.text(page, cx, cy + 7, f"{rng.randint(1, 28):02d} {rng.choice(('JAN', 'MAY', 'SEP'))} "
                    f"{rng.randint(2014, 2025)}", "dejavu_mono", 5.5, col, align="center", opacity=0.7)
        del k
    lower = pymupdf.Rect(edge, edge + PAGE_H + gap, edge + PAGE_W, edge + 2 * PAGE_H + gap)
    page.show_pdf_page(lower, data_doc, 0)
    # the fold: a soft shadow band across the gap
    for i in range(6):
        a = 0.25 * (1 - i / 6)
        page.draw_line((edge, lower.y0 - gap / 2 + i * 0.8), (w - edge, lower.y0 - gap / 2 + i * 0.8),
                       color=(0, 0, 0), width=0.9, stroke_opacity=a)
    return doc, lower


def make_passport(
    rng: random.Random,
    person: Person,
    *,
    dpi: int = 300,
    forgery: str | None = None,
    booklet: bool | None = None,
    layout: str = "grid",
) -> tuple[np.ndarray, dict[str, Any]]:
    """Draw ``person``'s TD3 data page; return the clean RGB image and its ground truth.

    Args:
        rng: Source of every random choice (layout, fonts, colours, date style).
        person: The holder.
        dpi: Render resolution.
        forgery: None, ``check_digit`` (one MRZ check digit wrong) or ``viz_mismatch`` (printed
            passport number differs from the MRZ by one digit): forgery signs a reader must flag.
        booklet: Draw the open booklet (facing observations page above, cover edge, fold) around
            the data page, as a copier or phone sees it; random (35 %) when None.
        layout: One of :data:`LAYOUTS`. ``grid`` (default: labels above values in a grid) draws
            from ``rng`` exactly as before the other layouts existed, so earlier seeds keep their
            pages. ``beside`` is another hand's page: each label beside its value on one line,
            bilingual months (``12 MAR/MARS 90``), a Solar Hijri date after the Gregorian one on
            Afghan pages, long names wrapped onto a second line (see :func:`_draw_beside`).

    Returns:
        (image, truth): ``image`` is H x W x 3 uint8 RGB; ``truth`` is described in README.md.
    """
    if layout not in LAYOUTS:
        raise ValueError(f"unknown passport layout {layout!r}")
    doc = pymupdf.open()
    page = doc.new_page(width=PAGE_W, height=PAGE_H)
    issuing = person.passport_issuing
    state, state_fa, _ = STATE_NAMES[issuing]

    # ---- style choices
    label_style = rng.choices(("en", "en_fr", "fa_en"), weights=(3, 3, 4 if issuing == "AFG" else 0))[0]
    value_font = rng.choice(render.LATIN_SANS + ("dejavu_serif", "free_serif", "ocrb"))
    label_font = rng.choice(render.LATIN_SANS + render.LATIN_SERIF)
    date_style = rng.choice(PASSPORT_DATE_STYLES)
    mrz_font = rng.choice(("ocrb", "ocrb_sharp"))
    bg = render.pale(rng)
    ink = rng.choice(((0.05, 0.05, 0.08), (0.1, 0.1, 0.25), (0.15, 0.12, 0.1)))
    label_col = rng.choice(((0.25, 0.25, 0.3), (0.1, 0.3, 0.45), (0.35, 0.15, 0.2), (0.2, 0.35, 0.2)))
    jx, jy = rng.uniform(-4, 4), rng.uniform(-3, 3)

    # ---- background
    page.draw_rect(page.rect, color=None, fill=bg)
    line_col = tuple(max(0.0, c - rng.uniform(0.08, 0.18)) for c in bg)
    render.guilloche(page, rng, (0, 0, PAGE_W, PAGE_H * 0.72), line_col, n=rng.randint(10, 20))  # type: ignore[arg-type]

    # ---- header
    head_font = render.bold_of(rng.choice(render.LATIN_SANS + render.LATIN_SERIF))
    hy = 16 + jy
    render.text(page, PAGE_W / 2 + jx, hy, state, head_font, 8.5, label_col, align="center", max_width=PAGE_W * 0.62)
    if state_fa:
        render.rtl(page, (PAGE_W * 0.2, hy + 1, PAGE_W * 0.8, hy + 14), state_fa, "naskh", 7.5, label_col,
                   align="center")
    render.text(page, PAGE_W - 14 + jx, hy + (22 if state_fa else 12), "PASSPORT", head_font, 7.5, label_col,
                align="right")

    # ---- photo
    px0 = 12 + jx + rng.uniform(-3, 3)
    py0 = 40 + jy + rng.uniform(-3, 4)
    pw, ph = rng.uniform(68, 80), rng.uniform(88, 100)
    render.photo_placeholder(page, rng, (px0, py0, px0 + pw, py0 + ph))

    # ---- printed fields
    fields = passport_truth_fields(person)
    dob_p = printed(person.dob, date_style)
    issue_p = printed(PartialDate.of(person.passport_issue), date_style)
    expiry_p = printed(PartialDate.of(person.passport_expiry), date_style)
    number_p = person.passport_number
    if forgery == "viz_mismatch":
        digits = [i for i, c in enumerate(number_p) if c.isdigit()]
        i = rng.choice(digits)
        number_p = number_p[:i] + str((int(number_p[i]) + rng.randint(1, 9)) % 10) + number_p[i + 1 :]
    pob = person.place_of_birth.upper()
    if rng.random() < 0.3:
        pob += ", " + ("AFG" if issuing == "AFG" else "AFGHANISTAN")
    printed_vals = {
        "type": "P",
        "code": issuing,
        "number": number_p,
        "surname": person.surname.upper(),
        "given_names": person.given_names.upper(),
        "nationality": STATE_NAMES[person.nationality][2] if rng.random() < 0.7 else person.nationality,
        "date_of_birth": dob_p,
        "sex": person.sex,
        "place_of_birth": pob,
        "issue_date": issue_p,
        "expiry_date": expiry_p,
        "authority": rng.choice(AUTHORITIES) if issuing == "AFG" else "AUTHORITY " + issuing,
    }

    extra_layout: dict[str, Any] = {}
    if layout == "grid":
        fx0 = px0 + pw + rng.uniform(8, 14)
        fx1 = PAGE_W - 10
        colw = (fx1 - fx0) / 3
        lsize = rng.uniform(5.0, 6.0)
        vsize = rng.uniform(8.0, 9.5)
        boxes: dict[str, tuple[float, float, float, float]] = {}
        rows: list[list[str]] = [
            ["type", "code", "number"],
            ["surname"],
            ["given_names"],
            ["nationality"],
            ["date_of_birth", "sex"],
            ["place_of_birth"],
            ["issue_date", "authority"],
            ["expiry_date"],
        ]
        if rng.random() < 0.4:
            rows[4], rows[5] = ["date_of_birth", "place_of_birth"], ["sex"]
        row_h = rng.uniform(17.5, 19.5)
        y = 36 + jy + rng.uniform(-2, 2)
        labels = LABELS["en_fr" if label_style == "en_fr" else "en"]
        if (PAGE_H - 64) - y < row_h * len(rows):
            row_h = ((PAGE_H - 64) - y) / len(rows)
        for row in rows:
            x = fx0
            for j, key in enumerate(row):
                if len(row) == 1:
                    w = fx1 - fx0
                elif len(row) == 2:
                    w = colw * (2 if j == 0 else 1)
                else:
                    w = colw * (0.5 if j == 0 else 0.7 if j == 1 else 1.8)
                label = labels[key]
                if label_style == "fa_en":
                    render.text(page, x, y, label, label_font, lsize, label_col, max_width=w * 0.6)
                    render.rtl(page, (x + w * 0.55, y - lsize * 1.45, x + w - 4, y + lsize * 0.5), LABELS_FA[key],
                               "naskh", lsize * 1.05, label_col)
                else:
                    render.text(page, x, y, label, label_font, lsize, label_col, max_width=w - 2)
                val = printed_vals[key]
                bb = render.text(page, x, y + vsize + 1.5, val, value_font, vsize, ink, max_width=w - 3)
                if val:
                    boxes[key] = bb
                x += w
            y += row_h
        if issuing == "AFG" and rng.random() < 0.5 and person.full_name_fa:
            render.rtl(page, (fx0 + (fx1 - fx0) * 0.35, 36 + jy + row_h * 1 + 2, fx1, 36 + jy + row_h * 1 + 14),
                       person.full_name_fa, rng.choice(("naskh", "nazli", "amiri")), 7.5, ink)

    else:
        boxes, extra_layout = _draw_beside(page, rng, person, printed_vals, label_style=label_style,
                                           label_font=label_font, value_font=value_font, label_col=label_col,
                                           ink=ink, x0=px0 + pw + rng.uniform(7, 12), y0=34 + jy)
        date_style = extra_layout["date_style"]

    # signature squiggle under the photo
    shape = page.new_shape()
    sy = py0 + ph + 14
    pts = [pymupdf.Point(px0 + 5 + k * 3, sy + 4 * rng.uniform(-1, 1)) for k in range(int(pw / 3) - 2)]
    shape.draw_polyline(pts)
    shape.finish(color=(0.1, 0.1, 0.35), width=0.7)
    shape.commit()

    # ---- MRZ
    sex_mrz = "<" if person.sex == "X" else person.sex
    optional = ""
    if issuing != "AFG" and rng.random() < 0.4:
        optional = "".join(rng.choice("0123456789") for _ in range(rng.randint(6, 11)))
    lines, truncated = mrz.td3(
        doc_type="P",
        issuing=issuing,
        surname=person.surname,
        given_names=person.given_names,
        number=person.passport_number,
        nationality=person.nationality,
        dob=_dob_mrz(person.dob),
        sex=sex_mrz,
        expiry=mrz.yymmdd(person.passport_expiry.year, person.passport_expiry.month, person.passport_expiry.day),
        optional=optional,
        empty_optional_check=rng.choice(("<", "0")),
    )
    if forgery == "check_digit":
        pos = rng.choice((9, 19, 27, 43))
        c = lines[1][pos]
        lines[1] = lines[1][:pos] + str((int(c) + rng.randint(1, 9)) % 10) + lines[1][pos + 1 :]
    mrz_y = PAGE_H - rng.uniform(27, 31)
    mrz_x = (PAGE_W - render.text_width(lines[0], mrz_font, 10)) / 2 + rng.uniform(-3, 3)
    zone = page.new_shape()
    zone.draw_rect(pymupdf.Rect(0, mrz_y - 14, PAGE_W, PAGE_H))
    zone.finish(color=None, fill=tuple(min(1.0, c + 0.04) for c in bg))
    zone.commit()
    mrz_col = (0.03, 0.03, 0.05)
    for k, ln in enumerate(lines):
        boxes[f"mrz_line_{k + 1}"] = render.text(page, mrz_x, mrz_y + k * rng.uniform(11.5, 12.5), ln, mrz_font, 10,
                                                 mrz_col)

    # ---- SPECIMEN (never over the MRZ)
    spec_style = render.specimen(page, rng, (px0 + pw * 0.3, 24, PAGE_W - 6, mrz_y - 16))

    if booklet is None:
        booklet = rng.random() < 0.35
    data_box = [0.0, 0.0, 1.0, 1.0]
    norm = render.norm_boxes(boxes, PAGE_W, PAGE_H)
    if booklet:
        bdoc, data_rect = _booklet(rng, doc, issuing)
        bpage = bdoc[0]
        bw, bh = bpage.rect.width, bpage.rect.height
        data_box = [round(data_rect.x0 / bw, 4), round(data_rect.y0 / bh, 4), round(data_rect.x1 / bw, 4),
                    round(data_rect.y1 / bh, 4)]
        shifted = {k: (b[0] + data_rect.x0, b[1] + data_rect.y0, b[2] + data_rect.x0, b[3] + data_rect.y0)
                   for k, b in boxes.items()}
        norm = render.norm_boxes(shifted, bw, bh)
        img = render.to_array(bpage, dpi)
        bdoc.close()
    else:
        img = render.to_array(page, dpi)
    doc.close()

    sur_mrz, _, giv_mrz = lines[0][5:].partition("<<")
    name_style = "full"
    if not person.surname:
        name_style = "mononym_secondary"
    elif not person.given_names:
        name_style = "mononym_primary"
    dob_precision = "day" if person.dob.full else ("month" if person.dob.month else "year")
    truth_fields = dict(fields)
    if forgery == "viz_mismatch":
        truth_fields["document_number"] = person.passport_number  # the MRZ value; printed differs
    truth: dict[str, Any] = {
        "kind": "passport",
        "subtype": "td3_data_page",
        "fields": truth_fields,
        "printed": printed_vals,
        "mrz": {
            "format": "TD3",
            "lines": lines,
            "valid": all(mrz.td3_valid(lines).values()),
            "checks": mrz.td3_valid(lines),
            "name_truncated": truncated,
            "surname": sur_mrz.replace("<", " ").strip() or None,
            "given_names": giv_mrz.replace("<", " ").strip() or None,
        },
        "name_style": name_style,
        "dob_precision": dob_precision,
        "forgery": forgery,
        "expired_as_of_2026_01_01": person.passport_expiry < dt.date(2026, 1, 1),
        "specimen": {"style": spec_style},
        "layout": {
            "label_style": label_style,
            "value_font": value_font,
            "label_font": label_font,
            "mrz_font": mrz_font,
            "date_style": date_style,
            "page_mm": [125, 88],
            **({"variant": layout, **extra_layout} if layout != "grid" else {}),
        },
        "boxes": norm,
        "booklet": booklet,
        "data_page_box": data_box,
        "render_dpi": dpi,
        "person_id": person.person_id,
    }
    return img, truth
