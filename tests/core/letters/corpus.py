"""A seeded generator of SPECIMEN employment letters with ground truth (8 layouts x 3 fonts).

Used by the letter tests and ``bench/letters.py`` until (and beside) the shared generator in
``tests/synth``. Every letter is visibly marked SPECIMEN; every name and number is invented.

Truth values are ISO dates, ``"present"`` for an open end, and for a numeric date whose day/month
order the letter itself does not settle: ``{"ambiguous": True, "candidates": [iso_a, iso_b]}``.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field
from typing import Any

import pymupdf

LAYOUTS = ("certify", "table", "since", "periods", "subcontractor", "memo", "inline", "hr_form")
FONTS = ("helv", "tiro", "cour")
DATE_STYLES = ("mdy_num", "dmy_num", "long_mdy", "long_dmy", "ordinal", "iso", "abbr")

GIVEN = ("Mohammad Nasir", "Abdul Ali", "Ghulam Hazrat", "Ahmad Zia", "Gul Rahman", "Mohammad Zaman", "Farid",
         "Hamidullah", "Najibullah", "Sayed Jawad", "Abdul Wahid", "Mirwais", "Khalid", "Nazir Ahmad", "Rahmatullah")
SURNAMES = ("Ahmadzai", "Rahimi", "Karimi", "Popal", "Stanikzai", "Noori", "Sultani", "Wardak", "Safi", "Hotak",
            "Mohmand", "Amiri", "Haidari", "Sadat", "Jalali")
SUPERVISORS = ("John Smith", "Karen Lee", "David Brown", "Maria Garcia", "Robert Miller", "Linda Davis",
               "James Wilson", "Susan Clark", "Michael Turner", "Patricia Young")
EMPLOYERS = ("Kabul Logistics Services LLC", "Global Security Partners", "Afghan Road Builders Company",
             "Helmand Engineering Group", "Bagram Support Services Inc.", "Northern Construction Company",
             "Mazar Technical Services", "Pamir Translation Services", "Herat Facilities Management LLC")
PRIMES = ("Fluor Corporation", "DynCorp International", "KBR Inc.", "Chemonics International")
POSITIONS = ("Interpreter", "Security Guard", "Driver", "Site Engineer", "Logistics Assistant", "Translator",
             "Cultural Advisor", "Electrician", "Office Manager", "Senior Interpreter", "IT Technician")
CITIES = ("Kabul", "Kandahar", "Mazar-i-Sharif", "Herat", "Jalalabad", "Bagram")
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December")


@dataclass
class Letter:
    """A generated letter: its PDF bytes and what it says."""

    layout: str
    font: str
    seed: int
    pdf: bytes
    truth: dict[str, Any] = field(default_factory=dict)
    date_style: str = ""


def _ordinal(n: int) -> str:
    return f"{n}{'th' if 11 <= n % 100 <= 13 else {1: 'st', 2: 'nd', 3: 'rd'}.get(n % 10, 'th')}"


def fmt_date(d: dt.date, style: str) -> str:
    """``d`` written in ``style``."""
    if style == "mdy_num":
        return f"{d.month:02d}/{d.day:02d}/{d.year}"
    if style == "dmy_num":
        return f"{d.day:02d}/{d.month:02d}/{d.year}"
    if style == "long_mdy":
        return f"{MONTHS[d.month - 1]} {d.day}, {d.year}"
    if style == "long_dmy":
        return f"{d.day} {MONTHS[d.month - 1]} {d.year}"
    if style == "ordinal":
        return f"{_ordinal(d.day)} of {MONTHS[d.month - 1]} {d.year}"
    if style == "iso":
        return d.isoformat()
    if style == "abbr":
        return f"{d.day:02d}-{MONTHS[d.month - 1][:3]}-{d.year}"
    raise ValueError(style)


def _rand_date(rng: random.Random, lo: dt.date, hi: dt.date) -> dt.date:
    return lo + dt.timedelta(days=rng.randint(0, max(0, (hi - lo).days)))


class _Page:
    """Draws lines and wrapped paragraphs top to bottom."""

    def __init__(self, font: str) -> None:
        self.doc = pymupdf.open()
        self.page = self.doc.new_page(width=612, height=792)
        self.font = font
        self.y = 56.0

    def line(self, text: str, size: float = 11, x: float = 64, bold: bool = False) -> None:
        font = {"helv": "hebo", "tiro": "tibo", "cour": "cobo"}[self.font] if bold else self.font
        self.page.insert_text((x, self.y + size), text, fontsize=size, fontname=font)
        self.y += size * 1.55

    def row(self, label: str, value: str, size: float = 11, x2: float = 250) -> None:
        self.page.insert_text((64, self.y + size), label, fontsize=size, fontname=self.font)
        self.page.insert_text((x2, self.y + size), value, fontsize=size, fontname=self.font)
        self.y += size * 1.7

    def gap(self, h: float = 10) -> None:
        self.y += h

    def para(self, text: str, size: float = 11) -> None:
        rect = pymupdf.Rect(64, self.y, 548, self.y + 400)
        # insert_textbox returns the unused height; measure by drawing into a tall box
        left = self.page.insert_textbox(rect, text, fontsize=size, fontname=self.font, lineheight=1.35)
        self.y += 400 - left + size * 0.6

    def finish(self) -> bytes:
        self.page.insert_text((440, 770), "SPECIMEN", fontsize=22, fontname="hebo", color=(0.8, 0.1, 0.1))
        data = bytes(self.doc.tobytes())
        self.doc.close()
        return data


def _date_truth(dates: list[tuple[str, dt.date]], style: str, stated: bool) -> dict[str, Any]:
    """Truth for each named date, ambiguous where the letter's numeric dates cannot settle the order."""
    numeric = style in ("mdy_num", "dmy_num")
    settled = stated or any(d.day > 12 for _, d in dates)
    out: dict[str, Any] = {}
    for name, d in dates:
        if numeric and not settled and d.day != d.month:
            swapped = dt.date(d.year, d.day, d.month)
            out[name] = {"ambiguous": True, "candidates": sorted([d.isoformat(), swapped.isoformat()])}
        else:
            out[name] = d.isoformat()
    return out


def make_letter(layout: str, font: str, seed: int) -> Letter:
    """One letter of ``layout`` in ``font``; the same arguments always give the same letter."""
    rng = random.Random(f"{layout}/{font}/{seed}")
    given, surname = rng.choice(GIVEN), rng.choice(SURNAMES)
    name = f"{given} {surname}"
    hon = rng.choice(("Mr. ", "Mr. ", ""))
    employer = rng.choice(EMPLOYERS)
    position = rng.choice(POSITIONS)
    sup = rng.choice(SUPERVISORS)
    sup_email = sup.lower().replace(" ", ".") + rng.choice(("@example.org", "@example.com", "@example.net"))
    sup_phone = rng.choice(("+93 7", "0093 7", "+1 202 ")) + " ".join(str(rng.randint(100, 999)) for _ in range(2)) + \
        f" {rng.randint(100, 999)}"
    contract = f"W{rng.randint(10, 99)}B{rng.randint(1, 9)}N-{rng.randint(8, 14)}-C-{rng.randint(1, 9999):04d}"
    subc = f"{''.join(w[0] for w in employer.split()[:3]).upper()}-{rng.randint(2008, 2014)}-{rng.randint(10, 999):03d}"
    signer = rng.choice([s for s in SUPERVISORS if s != sup])
    dob = _rand_date(rng, dt.date(1970, 1, 1), dt.date(1995, 12, 31))
    start = _rand_date(rng, dt.date(2002, 1, 1), dt.date(2016, 12, 31))
    end = _rand_date(rng, start + dt.timedelta(days=200), start + dt.timedelta(days=2500))
    letter_d = _rand_date(rng, end + dt.timedelta(days=5), end + dt.timedelta(days=400))
    style = rng.choice(DATE_STYLES)
    letter_style = rng.choice(("long_mdy", "long_dmy", style))
    stated = style in ("mdy_num", "dmy_num") and rng.random() < 0.25
    fmt_note = (" (dates are " + ("MM/DD/YYYY" if style == "mdy_num" else "DD/MM/YYYY") + ")") if stated else ""
    p = _Page(font)
    truth: dict[str, Any] = {"employee_name": name, "employer": employer, "position": position}
    numeric_dates: list[tuple[str, dt.date]] = [("start_date", start), ("end_date", end)]

    def f(d: dt.date) -> str:
        return fmt_date(d, style)

    # letterhead
    p.line(employer.upper() if rng.random() < 0.4 else employer, size=rng.choice((16, 18, 20)), bold=True)
    p.line(f"{rng.choice(CITIES)}, Afghanistan  -  www.example.org", size=9)
    p.gap(14)

    present = False
    if layout == "certify":
        p.line(f"Date: {fmt_date(letter_d, letter_style)}")
        p.gap(8)
        p.line("TO WHOM IT MAY CONCERN", bold=True)
        p.gap(6)
        p.para(f"This is to certify that {hon}{name}, born on {f(dob)}, was employed by {employer} as "
               f"{'an' if position[0] in 'AEIOU' else 'a'} {position} from {f(start)} to {f(end)}{fmt_note}. "
               f"During this period his direct supervisor was {sup} ({sup_email}, {sup_phone}). "
               f"The position was funded under U.S. Government contract number {contract}. SPECIMEN letter.")
        numeric_dates.append(("date_of_birth", dob))
        truth.update(supervisor_name=sup, supervisor_contact=f"{sup_email}, {sup_phone}", contract_number=contract)
    elif layout == "table":
        p.line("EMPLOYMENT VERIFICATION LETTER", size=13, bold=True)
        p.gap(6)
        p.line(f"Date: {fmt_date(letter_d, letter_style)}")
        p.gap(6)
        for lab, val in (("Employee Name:", name), ("Date of Birth:", f(dob)), ("Position/Title:", position),
                         ("Start Date:", f(start)), ("End Date:", f(end)), ("Supervisor:", sup),
                         ("Supervisor Email:", sup_email), ("Supervisor Phone:", sup_phone),
                         ("Contract Number:", contract)):
            p.row(lab, val)
        if stated:
            p.line(f"All dates above are written {fmt_note.strip(' ()').replace('dates are ', '')}.", size=9)
        numeric_dates.append(("date_of_birth", dob))
        truth.update(supervisor_name=sup, supervisor_contact=f"{sup_email}, {sup_phone}", contract_number=contract)
    elif layout == "since":
        present = True
        p.line(fmt_date(letter_d, letter_style))
        p.gap(8)
        p.line("Subject: Employment letter (SPECIMEN)")
        p.gap(6)
        p.para(f"{hon}{name} has been working with {employer} as {'an' if position[0] in 'AEIOU' else 'a'} "
               f"{position} since {f(start)}{fmt_note} and is still employed with us under U.S. Government "
               f"Contract No. {contract}. I am his direct supervisor and can be reached at {sup_email} or "
               f"{sup_phone}.")
        numeric_dates = [("start_date", start)]
        truth.update(supervisor_name=signer, supervisor_contact=f"{sup_email}, {sup_phone}", contract_number=contract)
    elif layout == "periods":
        mid = _rand_date(rng, start + dt.timedelta(days=100), end - dt.timedelta(days=60))
        mid2 = mid + dt.timedelta(days=1)
        pos2 = "Senior " + position if not position.startswith("Senior") else "Team Leader"
        p.line(f"Date: {fmt_date(letter_d, letter_style)}")
        p.gap(6)
        p.line("To whom it may concern,")
        p.gap(4)
        p.para(f"We confirm that {hon}{name} worked for {employer} as {'an' if position[0] in 'AEIOU' else 'a'} "
               f"{position} from {f(start)} to {f(mid)}, and as a {pos2} from {f(mid2)} to {f(end)}{fmt_note}. "
               f"His supervisor was {sup}, who can be reached at {sup_email}. Contract No. {contract}.")
        numeric_dates += [("_mid", mid), ("_mid2", mid2)]
        truth.update(supervisor_name=sup, supervisor_contact=sup_email, contract_number=contract)
        truth["position"] = position
    elif layout == "subcontractor":
        prime = rng.choice(PRIMES)
        p.line(f"Date: {fmt_date(letter_d, letter_style)}")
        p.gap(6)
        p.line("Re: Verification of employment")
        p.gap(4)
        p.para(f"{employer} is a subcontractor to {prime} under prime contract {contract}, subcontract number "
               f"{subc}. This letter confirms that {hon}{name} was employed by {employer} as "
               f"{'an' if position[0] in 'AEIOU' else 'a'} {position} from {f(start)} until {f(end)}{fmt_note}. "
               f"He worked under the supervision of {sup} ({sup_phone}).")
        # a subcontractor's own (sub)contract number is its contract number; the prime number is reported apart
        truth.update(supervisor_name=sup, supervisor_contact=sup_phone, contract_number=subc,
                     prime_contract_number=contract, subcontract_number=subc)
    elif layout == "memo":
        p.line("MEMORANDUM FOR RECORD", size=13, bold=True)
        p.line(f"Date: {fmt_date(letter_d, letter_style)}")
        p.line(f"SUBJECT: Verification of employment of {name}")
        p.gap(6)
        p.para(f"1. {name} (DOB: {f(dob)}) worked for {employer} as {'an' if position[0] in 'AEIOU' else 'a'} "
               f"{position}.")
        p.para(f"2. Period of employment: {f(start)} through {f(end)}{fmt_note}.")
        p.para(f"3. U.S. Government Contract Number: {contract}.")
        p.para(f"4. Point of contact: {sup} (direct supervisor), {sup_email}, {sup_phone}.")
        numeric_dates.append(("date_of_birth", dob))
        truth.update(supervisor_name=sup, supervisor_contact=f"{sup_email}, {sup_phone}", contract_number=contract)
    elif layout == "inline":
        p.line(f"Kabul, {fmt_date(letter_d, letter_style)}")
        p.gap(8)
        p.line("EMPLOYMENT CERTIFICATE", size=13, bold=True)
        p.gap(4)
        p.line(f"Name: {name}")
        p.line(f"Job title: {position}")
        p.line(f"Dates of employment: {f(start)} - {f(end)}{fmt_note}")
        p.line(f"Direct supervisor: {sup}, {sup_email}")
        p.line(f"Contract #: {contract}")
        p.gap(6)
        p.para("The above named person performed his duties to our full satisfaction. SPECIMEN.")
        truth.update(supervisor_name=sup, supervisor_contact=sup_email, contract_number=contract)
    elif layout == "hr_form":
        p.line("Human Resources Department", size=12, bold=True)
        p.line(f"Issue date: {fmt_date(letter_d, letter_style)}")
        p.gap(6)
        for lab, val in (("Full name", name), ("Designation", position), ("Date of joining", f(start)),
                         ("Last working day", f(end)), ("Line manager", sup), ("Manager e-mail", sup_email),
                         ("Contract no.", contract)):
            p.row(lab, val, x2=230)
        if stated:
            p.line(f"Date format: {'MM/DD/YYYY' if style == 'mdy_num' else 'DD/MM/YYYY'}", size=9)
        truth.update(supervisor_name=sup, supervisor_contact=sup_email, contract_number=contract)
    else:
        raise ValueError(layout)

    # signature block
    p.gap(14)
    p.line(rng.choice(("Sincerely,", "Best regards,", "Respectfully,", "Yours faithfully,")))
    p.gap(22)
    signer_name = sup if layout == "since" else signer
    if layout == "since":
        truth["supervisor_name"] = sup
    p.line(signer_name)
    p.line(rng.choice(("HR Manager", "Country Director", "Project Manager", "Program Director")))
    p.line(employer, size=10)

    # Dates: the letter date is written in its own style; it settles numeric order only when it is numeric.
    if letter_style == style:
        numeric_dates.append(("letter_date", letter_d))
        dates_truth = _date_truth(numeric_dates, style, stated)
    else:
        dates_truth = _date_truth(numeric_dates, style, stated)
        dates_truth["letter_date"] = letter_d.isoformat()
    for k, v in dates_truth.items():
        if not k.startswith("_"):
            truth[k] = v
    if present:
        truth["end_date"] = "present"
    return Letter(layout, font, seed, p.finish(), truth, style)


def corpus(seeds: int = 1) -> list[Letter]:
    """Every layout in every font, ``seeds`` letters each."""
    return [make_letter(layout, font, s) for s in range(seeds) for layout in LAYOUTS for font in FONTS]
