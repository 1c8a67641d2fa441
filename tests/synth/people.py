"""Synthetic Afghan people: names in Latin and Dari script, dates of birth, document numbers.

Names are common given names and tribal/family names combined at random; no real person's data.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import asdict, dataclass
from typing import Any

from tests.synth.dates import PartialDate

MALE_GIVEN = (
    ("Mohammad", "محمد"), ("Ahmad", "احمد"), ("Abdul Ali", "عبدالعلی"), ("Ghulam Hazrat", "غلام حضرت"),
    ("Zaman", "زمان"), ("Nasir", "نصیر"), ("Hazrat", "حضرت"), ("Mohammad Zaman", "محمد زمان"),
    ("Mohammad Nasir", "محمد نصیر"), ("Abdul Rahim", "عبدالرحیم"), ("Abdul Qadir", "عبدالقادر"),
    ("Farid", "فرید"), ("Jawad", "جواد"), ("Hamid", "حمید"), ("Khalid", "خالد"),
    ("Rahmatullah", "رحمت‌الله"), ("Habibullah", "حبیب‌الله"), ("Noorullah", "نورالله"),
    ("Sayed Jalal", "سید جلال"), ("Wahidullah", "وحیدالله"), ("Bashir Ahmad", "بشیر احمد"),
    ("Karim", "کریم"), ("Naveed", "نوید"), ("Shafiq", "شفیق"), ("Idris", "ادریس"), ("Mirwais", "میرویس"),
    ("Zabihullah", "ذبیح‌الله"), ("Ezatullah", "عزت‌الله"), ("Fazal Ahmad", "فضل احمد"),
    ("Gul Agha", "گل آغا"), ("Samiullah", "سمیع‌الله"), ("Najibullah", "نجیب‌الله"),
    ("Mohammad Hashim", "محمد هاشم"), ("Abdul Wahab", "عبدالوهاب"), ("Ghulam Sakhi", "غلام سخی"),
    ("Ahmad Shah", "احمد شاه"), ("Mohammad Yousuf", "محمد یوسف"), ("Abdul Basir", "عبدالبصیر"),
    ("Shir Ali", "شیر علی"), ("Mohammad Ibrahim", "محمد ابراهیم"), ("Sharifullah", "شریف‌الله"),
    ("Ghulam Farooq", "غلام فاروق"), ("Abdul Hadi", "عبدالهادی"), ("Jamshid", "جمشید"),
)
FEMALE_GIVEN = (
    ("Fatima", "فاطمه"), ("Zahra", "زهرا"), ("Maryam", "مریم"), ("Nargis", "نرگس"), ("Parwana", "پروانه"),
    ("Shabana", "شبانه"), ("Fariba", "فریبا"), ("Mursal", "مرسل"), ("Malalai", "ملالی"), ("Soraya", "ثریا"),
    ("Nazifa", "نظیفه"), ("Laila", "لیلا"), ("Farzana", "فرزانه"), ("Roya", "رویا"), ("Shakila", "شکیلا"),
    ("Hamida", "حمیده"), ("Zarghona", "زرغونه"), ("Storai", "ستوری"), ("Madina", "مدینه"), ("Habiba", "حبیبه"),
    ("Freshta", "فرشته"), ("Sahar", "سحر"), ("Mahbooba", "محبوبه"), ("Nilofar", "نیلوفر"),
)
SURNAMES = (
    ("Ahmadzai", "احمدزی"), ("Karzai", "کرزی"), ("Popal", "پوپل"), ("Stanikzai", "ستانکزی"), ("Hotak", "هوتک"),
    ("Noori", "نوری"), ("Sultani", "سلطانی"), ("Rahimi", "رحیمی"), ("Hakimi", "حکیمی"), ("Safi", "صافی"),
    ("Wardak", "وردک"), ("Mohmand", "مهمند"), ("Durrani", "درانی"), ("Barakzai", "بارکزی"),
    ("Alokozai", "علکوزی"), ("Nazari", "نظری"), ("Hashimi", "هاشمی"), ("Amiri", "امیری"), ("Sadat", "سادات"),
    ("Jalali", "جلالی"), ("Yousufzai", "یوسفزی"), ("Haidari", "حیدری"), ("Qaderi", "قادری"), ("Samadi", "صمدی"),
    ("Niazi", "نیازی"), ("Zadran", "زدران"), ("Mangal", "منگل"), ("Kakar", "کاکړ"), ("Tokhi", "توخی"),
    ("Azizi", "عزیزی"), ("Habibi", "حبیبی"), ("Rasuli", "رسولی"), ("Faizi", "فیضی"), ("Ahmadi", "احمدی"),
    ("Sharifi", "شریفی"), ("Mujaddidi", "مجددی"), ("Shinwari", "شینواری"), ("Andar", "اندړ"),
)
# A few long names so that MRZ truncation happens.
LONG_GIVEN = (
    ("Mohammad Abdul Rahmatullah Sayed Jalaluddin", "محمد عبدالرحمت‌الله سید جلال‌الدین"),
    ("Ghulam Mohammad Sharifullah Abdul Haq", "غلام محمد شریف‌الله عبدالحق"),
)
LONG_SURNAMES = (("Mohammadzai Barakzai-Stanikzai", "محمدزی بارکزی ستانکزی"),)
PLACES = (
    ("Kabul", "کابل"), ("Kandahar", "کندهار"), ("Herat", "هرات"), ("Mazar-e-Sharif", "مزار شریف"),
    ("Jalalabad", "جلال‌آباد"), ("Kunduz", "کندز"), ("Ghazni", "غزنی"), ("Khost", "خوست"), ("Paktia", "پکتیا"),
    ("Logar", "لوگر"), ("Wardak", "وردک"), ("Parwan", "پروان"), ("Bamyan", "بامیان"), ("Helmand", "هلمند"),
    ("Baghlan", "بغلان"), ("Laghman", "لغمان"), ("Nangarhar", "ننگرهار"), ("Badakhshan", "بدخشان"),
)
OTHER_STATES = ("PAK", "IRN", "UTO", "D", "GBR", "TUR")


@dataclass(frozen=True)
class Person:
    """One synthetic applicant: the truth that every document about them is drawn from."""

    person_id: str
    sex: str  # M, F or X
    given_names: str  # Latin, title case ("Mohammad Nasir"); "" for a single name in the surname slot
    given_names_fa: str
    surname: str  # "" when the person has one name only
    surname_fa: str
    father_name: str
    father_name_fa: str
    dob: PartialDate
    place_of_birth: str
    place_of_birth_fa: str
    nationality: str
    passport_issuing: str
    passport_number: str
    passport_issue: dt.date
    passport_expiry: dt.date
    tazkira_number: str  # e-tazkira style 1399-0101-12345
    mononym_slot: str | None = None  # "primary" or "secondary" when the person has one name only

    @property
    def full_name(self) -> str:
        """Given names then surname, in Latin."""
        return " ".join(p for p in (self.given_names, self.surname) if p)

    @property
    def full_name_fa(self) -> str:
        """Given names then surname, in Dari script."""
        return " ".join(p for p in (self.given_names_fa, self.surname_fa) if p)

    def to_dict(self) -> dict[str, Any]:
        """JSON form (dates ISO)."""
        d = asdict(self)
        d["dob"] = self.dob.iso()
        d["passport_issue"] = self.passport_issue.isoformat()
        d["passport_expiry"] = self.passport_expiry.isoformat()
        return d


def _passport_number(rng: random.Random, issuing: str) -> str:
    if issuing != "AFG":
        return rng.choice("ABCLNX") + "".join(rng.choice("0123456789") for _ in range(rng.choice((7, 8))))
    letter = rng.choices("PORA", weights=(70, 8, 12, 10))[0]
    return letter + "".join(rng.choice("0123456789") for _ in range(rng.choice((7, 7, 8))))


def make_person(rng: random.Random, person_id: str = "P0001", **overrides: Any) -> Person:
    """A random applicant drawn from ``rng`` (any field can be forced with a keyword).

    About 12 % have a year-only date of birth, 4 % year and month, 12 % the conventional 1 January;
    about 20 % carry a single name; a few have very long names or a non-Afghan passport.
    """
    sex = rng.choices(("M", "F", "X"), weights=(74, 24, 2))[0]
    if sex == "F":
        given, given_fa = rng.choice(FEMALE_GIVEN)
    elif rng.random() < 0.04:
        given, given_fa = rng.choice(LONG_GIVEN)
    else:
        given, given_fa = rng.choice(MALE_GIVEN)
    surname, surname_fa = rng.choice(LONG_SURNAMES) if rng.random() < 0.03 else rng.choice(SURNAMES)
    mononym_slot = None
    single_p = 0.35 if sex == "F" else 0.15
    if rng.random() < single_p:
        # One name only: women often carry one word; use a surname-like or given word.
        if rng.random() < 0.5:
            given, given_fa = surname, surname_fa
        mononym_slot = rng.choice(("primary", "secondary"))
        if mononym_slot == "primary":
            surname, surname_fa = given, given_fa
            given, given_fa = "", ""
        else:
            surname, surname_fa = "", ""
    father, father_fa = rng.choice(MALE_GIVEN)
    year = rng.randint(1962, 2002)
    r = rng.random()
    if r < 0.12:
        dob = PartialDate(year)
    elif r < 0.16:
        dob = PartialDate(year, rng.randint(1, 12))
    elif r < 0.28:
        dob = PartialDate(year, 1, 1)
    else:
        d = dt.date(year, 1, 1) + dt.timedelta(days=rng.randint(0, 364))
        dob = PartialDate.of(d)
    place, place_fa = rng.choice(PLACES)
    issuing = "AFG" if rng.random() < 0.9 else rng.choice(OTHER_STATES)
    nationality = "AFG" if issuing == "AFG" or rng.random() < 0.5 else issuing
    first_year = 2019 if rng.random() < 0.7 else 2013  # most applicants hold a current passport
    issue = dt.date(rng.randint(first_year, 2025), 1, 1) + dt.timedelta(days=rng.randint(0, 364))
    if issue > dt.date(2025, 10, 1):
        issue = dt.date(2025, 10, 1) - dt.timedelta(days=rng.randint(0, 400))
    years = rng.choice((5, 10))
    try:
        expiry = issue.replace(year=issue.year + years)
    except ValueError:
        expiry = issue.replace(year=issue.year + years, day=28)
    if rng.random() < 0.5:
        expiry -= dt.timedelta(days=1)
    reg_year = rng.randint(1396, 1402)
    tazkira = f"{reg_year}-{rng.randint(1, 9999):04d}-{rng.randint(0, 99999):05d}"
    values: dict[str, Any] = {
        "person_id": person_id,
        "sex": sex,
        "given_names": given,
        "given_names_fa": given_fa,
        "surname": surname,
        "surname_fa": surname_fa,
        "father_name": father,
        "father_name_fa": father_fa,
        "dob": dob,
        "place_of_birth": place,
        "place_of_birth_fa": place_fa,
        "nationality": nationality,
        "passport_issuing": issuing,
        "passport_number": _passport_number(rng, issuing),
        "passport_issue": issue,
        "passport_expiry": expiry,
        "tazkira_number": tazkira,
        "mononym_slot": mononym_slot,
    }
    values.update(overrides)
    return Person(**values)
