"""Employment letters (SIV evidence): many layouts, fonts and date styles; PDF with a text layer,
image-only scanned PDF, or a phone photo.

Every employer, supervisor and contract number is invented. Email domains end in ``.example``.
"""

from __future__ import annotations

import datetime as dt
import math
import random
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pymupdf

from tests.synth import damage, render
from tests.synth.dates import MONTHS_EN, ordinal, persian_digits, to_solar
from tests.synth.people import Person

LETTER_W, LETTER_H = 612.0, 792.0  # US Letter
A4_W, A4_H = 595.0, 842.0

# name, Dari name, kind, address, short slug for e-mail, logo colour
EMPLOYERS = (
    ("U.S. Embassy Kabul", "سفارت ایالات متحده امریکا در کابل", "us_gov", "Great Massoud Road, Kabul", "embassy-kabul",
     (0.1, 0.2, 0.45)),
    ("USAID Afghanistan Mission", "دفتر یو اس اید در افغانستان", "us_gov", "Great Massoud Road, Kabul",
     "usaid-afg", (0.1, 0.25, 0.5)),
    ("Combined Joint Logistics Command, Bagram", "قوماندانی مشترک لوژستیکی بگرام", "us_gov",
     "Bagram Airfield, Parwan", "cjlc-bagram", (0.25, 0.3, 0.2)),
    ("Northgate Logistics Services LLC", "شرکت خدمات لوژستیکی نورتگیت", "contractor",
     "House 14, Street 3, Wazir Akbar Khan, Kabul", "northgate-logistics", (0.6, 0.2, 0.1)),
    ("Blue Ridge Language Solutions Inc.", "شرکت خدمات زبانی بلو ریج", "contractor",
     "1200 Commerce Drive, Suite 400, Reston, VA 20190", "blueridge-lang", (0.1, 0.35, 0.6)),
    ("Meridian Development Partners", "شرکت همکاران انکشافی مریدین", "contractor",
     "Qala-e-Fatullah, Street 5, Kabul", "meridian-dp", (0.2, 0.45, 0.3)),
    ("Atlas Field Services Ltd.", "شرکت خدمات ساحوی اطلس", "contractor", "Shar-e-Naw, Kabul", "atlas-fs",
     (0.45, 0.1, 0.35)),
    ("Hindu Kush Engineering Co.", "شرکت انجنیری هندوکش", "subcontractor", "Karte Char, Kabul", "hke-afg",
     (0.3, 0.3, 0.3)),
    ("Silk Route Security Services", "شرکت خدمات امنیتی راه ابریشم", "subcontractor",
     "Airport Road, Kandahar", "silkroute-sec", (0.55, 0.4, 0.1)),
    ("Ariana Translation Services", "شرکت خدمات ترجمه آریانا", "subcontractor", "Jalalabad Road, Kabul",
     "ariana-ts", (0.15, 0.4, 0.45)),
    ("Pamir Construction Group", "گروه ساختمانی پامیر", "subcontractor", "Darulaman Road, Kabul", "pamir-cg",
     (0.5, 0.25, 0.15)),
)
PRIMES = ("Northgate Logistics Services LLC", "Blue Ridge Language Solutions Inc.", "Meridian Development Partners",
          "Atlas Field Services Ltd.")
POSITIONS = (
    ("Interpreter", "ترجمان"), ("Translator", "مترجم"), ("Security Guard", "محافظ امنیتی"), ("Driver", "راننده"),
    ("Logistics Assistant", "معاون لوژستیک"), ("IT Specialist", "متخصص تکنالوژی معلوماتی"),
    ("Project Engineer", "انجنیر پروژه"), ("Administrative Assistant", "کارمند اداری"),
    ("Cultural Advisor", "مشاور فرهنگی"), ("Site Supervisor", "سرپرست ساحه"), ("Finance Officer", "مسئول مالی"),
    ("Warehouse Clerk", "کارمند گدام"), ("Electrician", "برق‌کار"), ("Linguist", "زبان‌شناس"),
)
SUPERVISORS = (
    "John Miller", "Sarah Thompson", "David Clark", "Jennifer Lewis", "Michael Harris", "Robert Walker", "Lisa Young",
    "James Allen", "Karen Scott", "Thomas Wright", "Daniel Baker", "Emily Carter", "Mark Nelson", "Susan Hill",
    "Brian Adams", "Ahmad Jawed Rahimi", "Farhad Noori",
)
TITLES = ("Program Manager", "Site Manager", "Contracting Officer's Representative", "HR Manager",
          "Country Director", "Operations Manager", "Project Director", "Team Leader")
LAYOUTS = ("classic", "logo_left", "table_form", "memo", "banner", "period_table", "recommendation",
           "footer_heavy", "dari")
LETTER_FONTS = {  # CSS family -> (regular, bold) keys in render.FONT_FILES
    "lserif": ("liberation_serif", "liberation_serif_bold"),
    "lsans": ("liberation_sans", "liberation_sans_bold"),
    "dsans": ("dejavu_sans", "dejavu_sans_bold"),
    "dserif": ("dejavu_serif", "dejavu_serif_bold"),
    "fserif": ("free_serif", "free_serif_bold"),
    "fsans": ("free_sans", "free_sans_bold"),
}
DATE_STYLES = ("mdy_slash", "dmy_slash", "long_us", "long_uk", "ordinal", "iso", "mil")
NUMERIC_STYLES = ("mdy_slash", "dmy_slash")


def contract_number(rng: random.Random, kind: str) -> str:
    """An invented US-government-style contract number (DoD, USAID or State pattern)."""
    fy = rng.randint(5, 22)
    style = rng.choice(("dod", "dod", "usaid", "state"))
    if style == "dod":
        office = "W" + "".join(rng.choice("0123456789ABCDEFGHJKLMNPQRSTUVWXYZ") for _ in range(5))
        return f"{office}-{fy:02d}-{rng.choice('CDF')}-{rng.randint(1, 9999):04d}"
    if style == "usaid":
        return f"AID-306-{rng.choice(('C', 'A', 'I'))}-{fy:02d}-{rng.randint(1, 99999):05d}"
    return f"SAQMMA{fy:02d}{rng.choice('CDF')}{rng.randint(1, 9999):04d}"


def subcontract_number(rng: random.Random, slug: str) -> str:
    """An invented subcontract number."""
    return f"{slug[:3].upper()}-SUB-{rng.randint(2005, 2023)}-{rng.randint(1, 999):03d}"


def fmt_date(d: dt.date, style: str) -> str:
    """``d`` written in a letter date style."""
    if style == "mdy_slash":
        return f"{d.month:02d}/{d.day:02d}/{d.year}"
    if style == "dmy_slash":
        return f"{d.day:02d}/{d.month:02d}/{d.year}"
    if style == "long_us":
        return f"{MONTHS_EN[d.month - 1]} {d.day}, {d.year}"
    if style == "long_uk":
        return f"{d.day} {MONTHS_EN[d.month - 1]} {d.year}"
    if style == "ordinal":
        return f"{ordinal(d.day)} of {MONTHS_EN[d.month - 1]} {d.year}"
    if style == "iso":
        return d.isoformat()
    if style == "mil":
        return f"{d.day:02d} {MONTHS_EN[d.month - 1][:3].upper()} {d.year}"
    if style == "solar":
        y, m, dd = to_solar(d)
        return persian_digits(f"{y:04d}/{m:02d}/{dd:02d}")
    raise ValueError(style)


@dataclass
class Period:
    """One employment period as the letter states it."""

    position: str
    position_fa: str
    start: dt.date
    end: dt.date | None  # None = "present"
    contract: str | None


@dataclass
class LetterSpec:
    """Everything a letter says, before layout."""

    person: Person
    employer: tuple[Any, ...]
    periods: list[Period]
    supervisor: str
    supervisor_title: str
    supervisor_email: str | None
    supervisor_phone: str | None
    prime_contract: str | None
    prime_name: str | None
    letter_date: dt.date
    date_style: str
    include_dob: bool
    red_flags: list[str]
    language: str
    honorific: str
    signer: str
    signer_title: str
    dates_printed: list[dict[str, Any]] = field(default_factory=list)


def _phone(rng: random.Random) -> str:
    if rng.random() < 0.6:
        return f"+93 7{rng.randint(0, 9)} {rng.randint(100, 999)} {rng.randint(1000, 9999)}"
    return f"+1 ({rng.choice((202, 703, 571, 301))}) 555-01{rng.randint(0, 99):02d}"


def make_spec(rng: random.Random, person: Person, *, language: str | None = None) -> LetterSpec:
    """Draw what the letter will state for ``person``."""
    emp = rng.choice(EMPLOYERS)
    n = rng.choices((1, 2, 3), weights=(75, 20, 5))[0]
    start = dt.date(rng.randint(max(2002, person.dob.year + 18), 2020), 1, 1) + dt.timedelta(days=rng.randint(0, 364))
    periods = []
    kind = emp[2]
    contract_for_all = contract_number(rng, kind) if kind != "subcontractor" else subcontract_number(rng, emp[4])
    for i in range(n):
        months = rng.randint(4, 48)
        end: dt.date | None = start + dt.timedelta(days=int(months * 30.4))
        if end is not None and end > dt.date(2024, 12, 31):
            end = dt.date(2024, 12, 31) - dt.timedelta(days=rng.randint(0, 200))
        if i == n - 1 and rng.random() < 0.12:
            end = None
        pos, pos_fa = rng.choice(POSITIONS)
        if kind == "subcontractor":
            c = contract_for_all if rng.random() < 0.7 else subcontract_number(rng, emp[4])
        else:
            c = contract_for_all if rng.random() < 0.7 else contract_number(rng, kind)
        if rng.random() < 0.08:
            c = None  # missing contract number: a problem the checks must flag
        periods.append(Period(pos, pos_fa, start, end, c))
        if end is None or end >= dt.date(2024, 6, 1):
            break
        start = end + dt.timedelta(days=rng.randint(1, 90))
    last_end = periods[-1].end or dt.date(2024, 6, 1)
    letter_date = max(last_end, dt.date(2021, 1, 1)) + dt.timedelta(days=rng.randint(5, 600))
    letter_date = min(letter_date, dt.date(2025, 9, 30))
    language = language or ("fa" if rng.random() < 0.12 else "en")
    sup = rng.choice(SUPERVISORS)
    first, last = sup.split()[0], sup.split()[-1]
    email = f"{first[0].lower()}.{last.lower()}@{emp[4]}.example" if rng.random() < 0.85 else None
    phone = _phone(rng) if rng.random() < 0.6 else None
    if rng.random() < 0.1:
        email = phone = None  # supervisor without contact details
    red: list[str] = []
    if rng.random() < 0.06:
        red.append("terminated")
    if rng.random() < 0.04:
        red.append("polygraph")
    prime = prime_name = None
    if kind == "subcontractor":
        prime = contract_number(rng, "contractor") if rng.random() < 0.85 else None
        prime_name = rng.choice(PRIMES)
    signer = sup if rng.random() < 0.4 else rng.choice(SUPERVISORS)
    signer_title = rng.choice(TITLES)
    return LetterSpec(
        person=person, employer=emp, periods=periods, supervisor=sup, supervisor_title=rng.choice(TITLES),
        supervisor_email=email, supervisor_phone=phone, prime_contract=prime, prime_name=prime_name,
        letter_date=letter_date, date_style=rng.choice(DATE_STYLES), include_dob=rng.random() < 0.6,
        red_flags=red, language=language, honorific="Ms." if person.sex == "F" else "Mr.",
        signer=signer, signer_title=signer_title,
    )


class _Dates:
    """Writes dates in the letter's style and remembers each for the truth (ambiguity settled at the end)."""

    def __init__(self, style: str) -> None:
        self.style = style
        self.items: list[dict[str, Any]] = []

    def __call__(self, d: dt.date, field_name: str, style: str | None = None) -> str:
        st = style or self.style
        text = fmt_date(d, st)
        self.items.append({"field": field_name, "text": text, "iso": d.isoformat(), "style": st})
        return text

    def settle(self) -> None:
        """Mark numeric dates ambiguous unless some numeric date of the same style has a day > 12."""
        for st in NUMERIC_STYLES:
            same = [i for i in self.items if i["style"] == st]
            settled = any(dt.date.fromisoformat(i["iso"]).day > 12 for i in same)
            for i in same:
                d = dt.date.fromisoformat(i["iso"])
                i["ambiguous"] = (not settled) and d.day <= 12 and d.day != d.month
        for i in self.items:
            i.setdefault("ambiguous", False)


def _fonts_css(family: str) -> str:
    reg, bold = LETTER_FONTS[family]
    return (
        f"@font-face {{font-family: {family}; src: url({render.FONT_FILES[reg]});}}\n"
        f"@font-face {{font-family: {family}; font-weight: bold; src: url({render.FONT_FILES[bold]});}}\n"
    )


def _esc(s: str) -> str:
    return render.html_escape(s)


def _contact_html(spec: LetterSpec) -> str:
    bits = []
    if spec.supervisor_email:
        bits.append(f"e-mail: {_esc(spec.supervisor_email)}")
    if spec.supervisor_phone:
        bits.append(f"phone: {_esc(spec.supervisor_phone)}")
    return ", ".join(bits)


def _red_flag_html(spec: LetterSpec, d: _Dates, he: str) -> str:
    out = []
    last = spec.periods[-1]
    if "terminated" in spec.red_flags:
        when = d(last.end or spec.letter_date, "termination_date")
        out.append(f"<p>{he.capitalize()} employment was terminated on {when} following an administrative review.</p>")
    if "polygraph" in spec.red_flags:
        out.append(f"<p>Please note that {he} did not complete the polygraph examination required for continued "
                   "site access.</p>")
    return "".join(out)


def _period_sentence(spec: LetterSpec, p: Period, d: _Dates, i: int) -> str:
    start = d(p.start, f"periods.{i}.start_date")
    end = d(p.end, f"periods.{i}.end_date") if p.end else "present"
    verb = "has been working" if p.end is None else "worked"
    c = f" under contract number <b>{_esc(p.contract)}</b>" if p.contract else ""
    return f"{verb} as <b>{_esc(p.position)}</b> from {start} to {end}{c}"


def _body_en(spec: LetterSpec, d: _Dates, rng: random.Random) -> tuple[str, str]:
    """Salutation/prose paragraphs and the signature block (HTML)."""
    person = spec.person
    name = _esc(person.full_name)
    he = "her" if person.sex == "F" else "his"
    pron = "she" if person.sex == "F" else "he"
    emp = spec.employer
    dob = ""
    if spec.include_dob:
        if person.dob.full:
            dob = f", born on {d(person.dob.date(), 'date_of_birth')},"
        else:
            dob = f", born in {person.dob.year},"
    parts = [_period_sentence(spec, p, d, i) for i, p in enumerate(spec.periods)]
    body = (f"<p>This is to certify that {spec.honorific} <b>{name}</b>{dob} {parts[0]} with "
            f"{_esc(emp[0])}.")
    for s in parts[1:]:
        body += f" Thereafter {pron} {s}."
    body += "</p>"
    if spec.prime_contract or spec.prime_name:
        pc = f" (prime contract number <b>{_esc(spec.prime_contract)}</b>)" if spec.prime_contract else ""
        body += (f"<p>{_esc(emp[0])} performed this work as a subcontractor to {_esc(spec.prime_name or '')}"
                 f"{pc} in support of the United States Government mission in Afghanistan.</p>")
    duty = rng.choice((
        f"{pron.capitalize()} interpreted for U.S. personnel at meetings with local officials and communities.",
        f"{pron.capitalize()} supported daily operations and coordinated with U.S. staff.",
        f"During this time {pron} was a reliable member of our team and performed {he} duties faithfully.",
        f"{pron.capitalize()} often worked under dangerous conditions to support the mission.",
    ))
    body += f"<p>{duty}</p>"
    body += _red_flag_html(spec, d, he)
    contact = _contact_html(spec)
    sup = f"<p>{he.capitalize()} direct supervisor was {_esc(spec.supervisor)}, {_esc(spec.supervisor_title)}"
    sup += f" ({contact}).</p>" if contact else ".</p>"
    body += sup
    body += "<p>Please do not hesitate to contact us should you need further information.</p>"
    sig = (f"<p>Sincerely,</p><p style='margin-top: 34pt'><b>{_esc(spec.signer)}</b><br/>"
           f"{_esc(spec.signer_title)}<br/>{_esc(emp[0])}</p>")
    return body, sig


def _table_rows(spec: LetterSpec, d: _Dates) -> list[tuple[str, str]]:
    person = spec.person
    rows = [("Employee Name", _esc(person.full_name))]
    if spec.include_dob:
        rows.append(("Date of Birth", d(person.dob.date(), "date_of_birth") if person.dob.full else str(person.dob.year)))
    rows.append(("Employer", _esc(spec.employer[0])))
    for i, p in enumerate(spec.periods):
        sfx = f" ({i + 1})" if len(spec.periods) > 1 else ""
        rows.append(("Position" + sfx, _esc(p.position)))
        rows.append(("Start Date" + sfx, d(p.start, f"periods.{i}.start_date")))
        rows.append(("End Date" + sfx, d(p.end, f"periods.{i}.end_date") if p.end else "Present"))
        if p.contract:
            rows.append(("Contract Number" + sfx, _esc(p.contract)))
    if spec.prime_contract:
        rows.append(("Prime Contract Number", _esc(spec.prime_contract)))
    if spec.prime_name:
        rows.append(("Prime Contractor", _esc(spec.prime_name)))
    rows.append(("Supervisor", _esc(spec.supervisor) + ", " + _esc(spec.supervisor_title)))
    contact = _contact_html(spec)
    rows.append(("Supervisor Contact", contact or "&#8212;"))
    return rows


def _letterhead(spec: LetterSpec, layout: str, color: str) -> str:
    emp = spec.employer
    if layout == "classic":
        return (f"<div style='text-align:center; color:{color}'><div style='font-size:18pt; font-weight:bold'>"
                f"{_esc(emp[0])}</div><div style='font-size:9pt'>{_esc(emp[3])}</div></div>"
                f"<hr style='border: 0.8pt solid {color}'/>")
    if layout == "footer_heavy":
        return (f"<div style='text-align:right; color:{color}'><div style='font-size:16pt; font-weight:bold'>"
                f"{_esc(emp[0])}</div><div style='font-size:9pt'>{_esc(emp[3])}</div></div>")
    if layout == "logo_left":
        return (f"<div style='font-size:16pt; font-weight:bold; color:{color}; margin-left: 70pt'>{_esc(emp[0])}</div>"
                f"<div style='font-size:8.5pt; margin-left: 70pt'>{_esc(emp[3])}</div>"
                f"<hr style='border: 1.5pt solid {color}'/>")
    return ""


def _html_letter(spec: LetterSpec, layout: str, d: _Dates, rng: random.Random, color: str) -> str:
    person = spec.person
    emp = spec.employer
    date_line = d(spec.letter_date, "letter_date")
    subject_name = _esc(person.full_name)
    if layout in ("classic", "logo_left", "footer_heavy", "banner", "recommendation"):
        head = _letterhead(spec, layout, color)
        align = "right" if layout in ("classic", "footer_heavy") else "left"
        date_html = f"<p style='text-align:{align}'>Date: {date_line}</p>"
        ref = ""
        if rng.random() < 0.5:
            ref = f"<p>Ref: {emp[4][:3].upper()}/HR/{rng.randint(100, 999)}/{spec.letter_date.year}</p>"
        title = "Letter of Recommendation" if layout == "recommendation" else rng.choice(
            ("Employment Verification Letter", "To Whom It May Concern", "Experience Letter",
             "Certificate of Employment"))
        subject = f"<p><b>Subject: {title} &#8211; {spec.honorific} {subject_name}</b></p>"
        body, sig = _body_en(spec, d, rng)
        if layout == "recommendation":
            body = ("<p>Dear Sir or Madam,</p><p>I am writing to recommend " + subject_name
                    + " for the Special Immigrant Visa program. I was the direct supervisor of this employee.</p>" + body)
        else:
            body = "<p>To Whom It May Concern,</p>" + body
        return head + date_html + ref + subject + body + sig
    if layout == "table_form":
        rows = _table_rows(spec, d)
        trs = "".join(f"<tr><td style='width:150pt; background-color:#eeeeee'><b>{k}</b></td><td>{v}</td></tr>"
                      for k, v in rows)
        he = "her" if person.sex == "F" else "his"
        return (f"<div style='text-align:center; font-size:15pt; font-weight:bold; color:{color}'>{_esc(emp[0])}</div>"
                f"<div style='text-align:center; font-size:8.5pt'>{_esc(emp[3])}</div>"
                f"<p style='text-align:center; font-size:13pt'><b>EMPLOYMENT VERIFICATION</b></p>"
                f"<p>Date: {date_line}</p>"
                f"<table>{trs}</table>"
                + _red_flag_html(spec, d, he)
                + "<p>We certify that the information above is true and correct according to our personnel records.</p>"
                f"<p style='margin-top: 30pt'><b>{_esc(spec.signer)}</b><br/>{_esc(spec.signer_title)}</p>")
    if layout == "memo":
        body, _ = _body_en(spec, d, rng)
        paras = [p for p in body.replace("</p>", "</p>\n").split("\n") if p]
        numbered = "".join(f"<p>{i + 1}. {p[3:-4]}</p>" for i, p in enumerate(paras))
        dept = "<b>DEPARTMENT OF THE ARMY</b><br/>" if "Command" in emp[0] else ""
        return (f"<p style='text-align:center'>{dept}{_esc(emp[0]).upper()}<br/>"
                f"{_esc(emp[3])}</p>"
                f"<p style='text-align:right'>{date_line}</p>"
                "<p><b>MEMORANDUM FOR RECORD</b></p>"
                f"<p>SUBJECT: Letter of Employment Verification for {subject_name}</p>" + numbered
                + f"<p style='margin-top: 34pt; margin-left: 250pt'>{_esc(spec.signer).upper()}<br/>"
                f"{_esc(spec.signer_title)}</p>")
    if layout == "period_table":
        trs = ""
        for i, p in enumerate(spec.periods):
            end = d(p.end, f"periods.{i}.end_date") if p.end else "Present"
            trs += (f"<tr><td>{_esc(p.position)}</td><td>{d(p.start, f'periods.{i}.start_date')}</td><td>{end}</td>"
                    f"<td>{_esc(p.contract or '')}</td></tr>")
        dob = ""
        if spec.include_dob:
            dob = (f" (date of birth {d(person.dob.date(), 'date_of_birth')})" if person.dob.full
                   else f" (born {person.dob.year})")
        he = "her" if person.sex == "F" else "his"
        contact = _contact_html(spec)
        prime = ""
        if spec.prime_contract or spec.prime_name:
            prime = (f"<p>Subcontract under prime contractor {_esc(spec.prime_name or '')}"
                     + (f", prime contract {_esc(spec.prime_contract)}" if spec.prime_contract else "") + ".</p>")
        return (f"<div style='font-size:17pt; font-weight:bold; color:{color}'>{_esc(emp[0])}</div>"
                f"<div style='font-size:8.5pt'>{_esc(emp[3])}</div><hr/>"
                f"<p>{date_line}</p><p>To Whom It May Concern,</p>"
                f"<p>This letter confirms that {spec.honorific} <b>{subject_name}</b>{dob} was employed by "
                f"{_esc(emp[0])} in the following position(s):</p>"
                "<table><tr style='background-color:#dddddd'><td><b>Position</b></td><td><b>From</b></td>"
                f"<td><b>To</b></td><td><b>Contract No.</b></td></tr>{trs}</table>" + prime
                + _red_flag_html(spec, d, he)
                + f"<p>Supervisor: {_esc(spec.supervisor)}" + (f" ({contact})" if contact else "") + "</p>"
                f"<p style='margin-top: 30pt'>Regards,<br/><br/><br/><b>{_esc(spec.signer)}</b><br/>"
                f"{_esc(spec.signer_title)}</p>")
    raise ValueError(layout)


_FA_NUMBER_RUN = re.compile(r"[0-9۰-۹]+(?:[-/.][0-9۰-۹]+)+")


def _mark_numbers(s: str) -> str:
    """Left-to-right marks around slashed/hyphenated numbers in Dari prose.

    MuPDF's HTML layout mishandles LRI/PDI isolates in a wrapped right-to-left paragraph: it showed the
    run from the first to the last isolated number in reversed order ("...متولد به END الی START از
    تاریخ DOB"), a page no office program draws. Plain LRM marks keep each number whole and in place.
    """
    return _FA_NUMBER_RUN.sub(lambda m: "\u200e" + m.group(0) + "\u200e", s)


def _html_dari(spec: LetterSpec, d: _Dates) -> str:
    person = spec.person
    emp = spec.employer
    name = _esc(person.full_name_fa)
    father = _esc(person.father_name_fa)
    dob = ""
    if spec.include_dob and person.dob.full:
        dob = f" متولد {d(person.dob.date(), 'date_of_birth', 'solar')}"
    paras = []
    for i, p in enumerate(spec.periods):
        start = d(p.start, f"periods.{i}.start_date", "solar")
        end = d(p.end, f"periods.{i}.end_date", "solar") if p.end else "حال"
        c = f" تحت قرارداد شماره \u200e{_esc(p.contract)}\u200e" if p.contract else ""
        paras.append(f"از تاریخ {start} الی {end} به حیث {_esc(p.position_fa)}{c}")
    body = (f"<p>بدینوسیله تصدیق می‌گردد که محترم {name} فرزند {father}{dob} "
            f"{' و سپس '.join(paras)} در {_esc(emp[1])} ایفای وظیفه نموده است.</p>")
    if spec.prime_contract or spec.prime_name:
        pc = f" (قرارداد اصلی شماره \u200e{_esc(spec.prime_contract)}\u200e)" if spec.prime_contract else ""
        body += (f"<p>{_esc(emp[1])} این کار را به حیث قراردادی فرعی \u200e{_esc(spec.prime_name or '')}\u200e"
                 f"{pc} انجام داده است.</p>")
    if "terminated" in spec.red_flags:
        body += "<p>قرارداد نامبرده فسخ گردیده است (terminated).</p>"
    if "polygraph" in spec.red_flags:
        body += "<p>نامبرده امتحان پولیگراف (polygraph) را تکمیل نکرده است.</p>"
    contact = ""
    if spec.supervisor_email:
        contact += f" ایمیل: \u200e{_esc(spec.supervisor_email)}\u200e"
    if spec.supervisor_phone:
        contact += f" تلفن: \u200e{_esc(spec.supervisor_phone)}\u200e"
    body += f"<p>آمر مستقیم: \u200e{_esc(spec.supervisor)}\u200e{contact}</p>"
    body += "<p>این تصدیق‌نامه بنابر درخواست نامبرده صادر گردید.</p>"
    return (f"<div dir='rtl' style='font-family: naskh; font-size: 12pt; line-height: 1.6'>"
            f"<p style='text-align:center; font-size: 16pt'><b>{_esc(emp[1])}</b></p>"
            f"<p style='text-align:center; font-size: 13pt'>تصدیق‌نامه کاری</p>"
            f"<p>تاریخ: {d(spec.letter_date, 'letter_date', 'solar')}</p>"
            f"<p>شماره: {persian_digits(str(spec.letter_date.year - 621))}/{persian_digits('112')}</p>"
            + _mark_numbers(body)
            + f"<p style='margin-top: 30pt'>با احترام<br/>\u200e{_esc(spec.signer)}\u200e</p></div>")


def _signature(page: pymupdf.Page, rng: random.Random, x: float, y: float) -> None:
    shape = page.new_shape()
    pts = []
    for k in range(40):
        t = k / 39
        pts.append(pymupdf.Point(x + t * rng.uniform(80, 120),
                                 y + 8 * math.sin(t * rng.uniform(8, 14)) * (1 - t * 0.5) + rng.uniform(-1.5, 1.5)))
    shape.draw_polyline(pts)
    shape.finish(color=rng.choice(((0.05, 0.1, 0.5), (0.1, 0.1, 0.1))), width=1.1)
    shape.commit()


def _stamp(page: pymupdf.Page, rng: random.Random, x: float, y: float, text: str) -> None:
    col = rng.choice(((0.2, 0.25, 0.65), (0.5, 0.2, 0.55), (0.6, 0.15, 0.15)))
    page.draw_circle((x, y), 36, color=col, width=1.8, stroke_opacity=0.6)
    page.draw_circle((x, y), 28, color=col, width=0.6, stroke_opacity=0.6)
    render.text(page, x, y + 3, text[:12].upper(), "dejavu_sans_bold", 7, col, align="center", opacity=0.65)


def make_letter(rng: random.Random, person: Person, *, layout: str | None = None,
                language: str | None = None) -> tuple[bytes, dict[str, Any]]:
    """A born-digital employment letter: PDF bytes with a text layer, and its truth.

    Args:
        rng: Source of every choice.
        person: The employee.
        layout: One of LAYOUTS (``dari`` writes a Dari letter with Solar Hijri dates); random when None.
        language: ``en`` or ``fa`` (forces the Dari layout).
    """
    if layout is not None and language is None:
        language = "fa" if layout == "dari" else "en"
    spec = make_spec(rng, person, language=language)
    if spec.language == "fa":
        layout = "dari"
    elif layout is None or layout == "dari":
        layout = rng.choice(LAYOUTS[:-1])
    if layout == "recommendation":
        spec.signer, spec.signer_title = spec.supervisor, spec.supervisor_title
    family = rng.choice(tuple(LETTER_FONTS))
    if layout == "memo":
        family = rng.choice(("lserif", "fserif", "dserif"))
    style = spec.date_style
    if layout == "memo" and rng.random() < 0.6:
        style = "mil"
    dates = _Dates(style)
    color = "#%02x%02x%02x" % tuple(int(c * 255) for c in spec.employer[5])  # noqa: UP031
    letter_size = rng.random() < 0.6
    pw, ph = (LETTER_W, LETTER_H) if letter_size else (A4_W, A4_H)
    doc = pymupdf.open()
    page = doc.new_page(width=pw, height=ph)
    html = _html_dari(spec, dates) if layout == "dari" else _html_letter(spec, layout, dates, rng, color)
    dates.settle()
    size = rng.choice((11, 11.5, 12, 12.5))
    arabic = render._css(("naskh",)) if layout == "dari" else ""
    css = (_fonts_css(family) + arabic
           + f"body {{font-family: {family}; font-size: {size}pt; line-height: 1.3;}}"
           " p {margin: 0 0 7pt 0;} table {border-collapse: collapse;} td {border: 0.6pt solid #555; padding: 3pt;}")
    top = 60.0
    if layout == "banner":
        page.draw_rect(pymupdf.Rect(0, 0, pw, 70), color=None, fill=spec.employer[5])
        render.text(page, 50, 42, spec.employer[0], render.bold_of(LETTER_FONTS[family][0]), 18, (1, 1, 1),
                    max_width=pw - 100)
        render.text(page, pw - 50, 60, spec.employer[3], LETTER_FONTS[family][0], 7.5, (1, 1, 1), align="right",
                    max_width=pw * 0.6)
        top = 95
    if layout == "logo_left":
        page.draw_rect(pymupdf.Rect(54, 52, 110, 100), color=None, fill=spec.employer[5])
        initials = "".join(w[0] for w in spec.employer[0].split() if w[0].isupper())[:3]
        render.text(page, 82, 82, initials, "dejavu_sans_bold", 16, (1, 1, 1), align="center")
    margin = rng.uniform(54, 72)
    bottom = ph - (110 if layout == "footer_heavy" else 70)
    page.insert_htmlbox(pymupdf.Rect(margin, top, pw - margin, bottom), html, css=css)
    # footer
    if layout == "footer_heavy":
        page.draw_rect(pymupdf.Rect(0, ph - 80, pw, ph - 50), color=None, fill=spec.employer[5])
        render.text(page, pw / 2, ph - 61, f"{spec.employer[0]}  |  {spec.employer[3]}  |  Reg. No. "
                    f"{rng.randint(10000, 99999)}", LETTER_FONTS[family][0], 7.5, (1, 1, 1), align="center",
                    max_width=pw - 60)
        render.text(page, pw - 50, ph - 35, "Page 1 of 1", LETTER_FONTS[family][0], 8, (0.3, 0.3, 0.3), align="right")
    elif layout != "dari" and rng.random() < 0.7:
        page.draw_line((margin, ph - 52), (pw - margin, ph - 52), color=(0.5, 0.5, 0.5), width=0.5)
        render.text(page, pw / 2, ph - 40, f"{spec.employer[3]}  ·  www.{spec.employer[4]}.example",
                    LETTER_FONTS[family][0], 7.5, (0.35, 0.35, 0.35), align="center", max_width=pw - 2 * margin)
    # signature and stamp just above the signer's printed name
    hits = page.search_for(spec.signer)
    if hits:
        r0 = hits[-1]
        sig_x, sig_y = min(r0.x0 + rng.uniform(-5, 25), pw - margin - 115), r0.y0 - rng.uniform(8, 14)
    else:
        sig_x, sig_y = margin + rng.uniform(0, 40), ph * rng.uniform(0.62, 0.8)
    if rng.random() < 0.85:
        _signature(page, rng, sig_x, sig_y)
    if rng.random() < 0.5:
        _stamp(page, rng, min(pw - margin - 40, sig_x + rng.uniform(130, 220)), sig_y + rng.uniform(-15, 15),
               spec.employer[4])
    spec_style = render.specimen(page, rng, (margin, ph * 0.25, pw - margin, ph * 0.75), style="diagonal")
    render.text(page, pw / 2, ph - 18, "SPECIMEN - synthetic test document", "dejavu_sans", 6.5, (0.7, 0.1, 0.1),
                align="center")
    boxes = _find_boxes(page, spec, dates) if layout != "dari" else {}
    doc.subset_fonts()
    pdf = doc.tobytes(garbage=3, deflate=True, no_new_id=True)
    doc.close()
    truth = _truth(spec, dates, layout, family, (pw, ph), spec_style)
    truth["boxes"] = render.norm_boxes(boxes, pw, ph)
    # Liberation fonts share one glyph for "-"/U+00AD and " "/U+00A0, and MuPDF's text layer then
    # reports the second: a quirk real PDFs have too, so readers must normalise it.
    truth["text_layer_quirks"] = ["soft_hyphen_for_hyphen", "nbsp_for_space"] if family in ("lserif", "lsans") else []
    return pdf, truth


def _find_boxes(page: pymupdf.Page, spec: LetterSpec, dates: _Dates) -> dict[str, tuple[float, float, float, float]]:
    """Where the text layer shows each field (first occurrence), for evidence-box tests."""
    wanted: dict[str, str] = {
        "employee_name": spec.person.full_name,
        "employer": spec.employer[0],
        "position": spec.periods[0].position,
        "supervisor_name": spec.supervisor,
    }
    if spec.periods[0].contract:
        wanted["contract_number"] = spec.periods[0].contract
    for item in dates.items:
        f = {"letter_date": "letter_date", "date_of_birth": "date_of_birth", "periods.0.start_date": "start_date",
             f"periods.{len(spec.periods) - 1}.end_date": "end_date"}.get(item["field"])
        if f:
            wanted[f] = item["text"]
    out: dict[str, tuple[float, float, float, float]] = {}
    for f, text in wanted.items():
        hits = page.search_for(text) or page.search_for(text.replace("-", "\u00ad").replace(" ", "\u00a0"))
        if hits:
            r = hits[0]
            out[f] = (r.x0, r.y0, r.x1, r.y1)
    return out


def _truth(spec: LetterSpec, dates: _Dates, layout: str, family: str, size: tuple[float, float],
           spec_style: str) -> dict[str, Any]:
    person = spec.person
    first = spec.periods[0]
    last = spec.periods[-1]
    fa = spec.language == "fa"
    contact = ", ".join(x for x in (spec.supervisor_email, spec.supervisor_phone) if x) or None
    by_field = {i["field"]: i for i in dates.items}

    def amb(f: str) -> bool:
        return bool(by_field.get(f, {}).get("ambiguous", False))

    dob = None
    if spec.include_dob:
        if person.dob.full:
            dob = person.dob.iso()
        elif not fa:
            dob = str(person.dob.year)
    fields = {
        "employee_name": person.full_name_fa if fa else person.full_name,
        "date_of_birth": dob,
        "employer": spec.employer[1] if fa else spec.employer[0],
        "position": first.position_fa if fa else first.position,
        "start_date": first.start.isoformat(),
        "end_date": last.end.isoformat() if last.end else None,
        "supervisor_name": spec.supervisor,
        "supervisor_contact": contact,
        "contract_number": first.contract,
        "letter_date": spec.letter_date.isoformat(),
    }
    ambiguous = {k: True for k, f in (("start_date", "periods.0.start_date"),
                                      ("end_date", f"periods.{len(spec.periods) - 1}.end_date"),
                                      ("letter_date", "letter_date"), ("date_of_birth", "date_of_birth")) if amb(f)}
    return {
        "kind": "employment_letter",
        "subtype": layout,
        "language": spec.language,
        "fields": fields,
        "fields_latin": {"employee_name": person.full_name, "employer": spec.employer[0],
                         "position": first.position} if fa else None,
        "ambiguous_fields": sorted(ambiguous),
        "end_present": last.end is None,
        "periods": [
            {"position": p.position_fa if fa else p.position, "position_latin": p.position,
             "start_date": p.start.isoformat(), "end_date": p.end.isoformat() if p.end else None,
             "end_present": p.end is None, "contract_number": p.contract,
             "start_ambiguous": amb(f"periods.{i}.start_date"), "end_ambiguous": amb(f"periods.{i}.end_date")}
            for i, p in enumerate(spec.periods)
        ],
        "employer_kind": spec.employer[2],
        "prime_contractor": spec.prime_name,
        "prime_contract_number": spec.prime_contract,
        "subcontract": spec.employer[2] == "subcontractor",
        "supervisor_email": spec.supervisor_email,
        "supervisor_phone": spec.supervisor_phone,
        "signer": spec.signer,
        "red_flags": list(spec.red_flags),
        "date_style": "solar" if fa else spec.date_style,
        "dates": dates.items,
        "layout": {"name": layout, "font": family, "page_pt": [size[0], size[1]]},
        "specimen": {"style": spec_style, "text_layer": True},
        "person_id": person.person_id,
    }


def rasterize(pdf: bytes, dpi: int) -> np.ndarray:
    """Render page 1 of a PDF to RGB."""
    doc = pymupdf.open(stream=pdf, filetype="pdf")
    img = render.to_array(doc[0], dpi)
    doc.close()
    return img


def image_pdf(jpeg: bytes, size_px: tuple[int, int], dpi: int) -> bytes:
    """An image-only PDF (a 'scan'): one page holding the JPEG, no text layer."""
    w_pt, h_pt = size_px[0] * 72 / dpi, size_px[1] * 72 / dpi
    doc = pymupdf.open()
    page = doc.new_page(width=w_pt, height=h_pt)
    page.insert_image(page.rect, stream=jpeg)
    out = doc.tobytes(garbage=3, deflate=True, no_new_id=True)
    doc.close()
    return out


def write_letter(out: Path, name: str, rng: random.Random, person: Person, level: str,
                 output: str | None = None, language: str | None = None) -> dict[str, Any]:
    """Write one letter as ``pdf_text`` (born digital), ``pdf_scan`` (image-only PDF) or ``photo`` (JPEG).

    ``language`` (``en``/``fa``) forces the letter's language; random when None.
    Returns the truth (the caller writes it). ``damage`` is None for born-digital PDFs.
    """
    pdf, truth = make_letter(rng, person, language=language)
    lvl = damage.choose_level(rng, level)
    if output is None:
        if lvl == "none":
            output = "pdf_text"
        else:
            output = rng.choices(("pdf_text", "pdf_scan", "photo"), weights=(30, 45, 25))[0]
    truth["output"] = output
    if output == "pdf_text":
        (out / (name + ".pdf")).write_bytes(pdf)
        truth.update(file=name + ".pdf", format="pdf", text_layer=True, damage=None)
        return truth
    dpi = damage.choose_dpi(rng, lvl)
    # a page at 300 dpi is large: scanners default to 150-200 for letters, a phone photo of a whole
    # page resolves about 150 dpi
    dpi = min(dpi, 150 if output == "photo" else 200)
    img = rasterize(pdf, dpi)
    force = {"mode": "photo"} if output == "photo" else {"mode": "scan"}
    if lvl == "none":
        lvl = "mild"
    img, rec = damage.apply(img, rng, lvl, dpi=dpi, force=force, paper=True)
    q = rec["jpeg_quality"] or rng.randint(75, 90)
    rec["jpeg_quality"] = q
    if "jpeg" not in rec["ops"]:
        rec["ops"].append("jpeg")
    jpeg = damage.encode(img, "jpeg", q, rec.get("exif_orientation", 1) if output == "photo" else 1)
    if output != "photo":
        rec["exif_orientation"] = 1
    truth["specimen"]["text_layer"] = False
    if truth.get("boxes"):
        truth["boxes_px"] = damage.map_boxes(rec, truth["boxes"])
    if output == "photo":
        (out / (name + ".jpg")).write_bytes(jpeg)
        truth.update(file=name + ".jpg", format="jpeg", text_layer=False, damage=rec)
    else:
        (out / (name + ".pdf")).write_bytes(image_pdf(jpeg, (img.shape[1], img.shape[0]), dpi))
        truth.update(file=name + ".pdf", format="pdf", text_layer=False, damage=rec)
    return truth
