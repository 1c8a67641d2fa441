"""Applicant records (ARCHITECTURE.md 4.1) with controlled benign variants and genuine mismatches.

The truth says which variant or mismatch was applied and the expected check status per record
field (``pass``, ``fail``, ``review``), following the policy decisions in DOMAIN.md.
"""

from __future__ import annotations

import datetime as dt
import random
import re
from typing import Any

from tests.synth.people import SURNAMES, Person

# Transliteration families: any member may stand for any other.
NAME_FAMILIES = (
    ("MOHAMMAD", "MUHAMMAD", "MOHAMMED", "MOHAMAD", "MUHAMMED", "MOHAMED", "MUHAMAD"),
    ("AHMAD", "AHMED"),
    ("AHMADI", "AHMEDI"),
    ("NOORULLAH", "NURULLAH"),
    ("NOORI", "NURI"),
    ("YOUSUF", "YUSUF", "YOUSEF"),
    ("YOUSUFZAI", "YUSUFZAI", "YOUSAFZAI"),
    ("HASHIM", "HASHEM"),
    ("HASHIMI", "HASHEMI"),
    ("QADIR", "QADER", "KADIR"),
    ("QADERI", "QADIRI"),
    ("FAROOQ", "FARUQ", "FARUK"),
    ("HABIBULLAH", "HABIBOLLAH"),
    ("RAHMATULLAH", "RAHMATOLLAH"),
    ("SHAFIQ", "SHAFIK"),
    ("WAHAB", "WAHHAB"),
    ("IBRAHIM", "EBRAHIM"),
    ("JAWAD", "JAVAD"),
    ("NASIR", "NASER", "NASEER"),
    ("FATIMA", "FATEMA", "FATIMAH"),
    ("MARYAM", "MARIAM"),
    ("ZAHRA", "ZAHRAH"),
    ("SORAYA", "SURAYA"),
)
EXPECTED_STATUSES = ("pass", "fail", "review", "not_done")
BENIGN = ("translit_given", "translit_surname", "zai_spelling", "compound_split", "swapped_order",
          "mononym_other_slot", "year_only_dob", "title_case", "jan1_conventional_dob")
GENUINE = ("passport_number_digit", "dob_different", "surname_different", "given_name_different",
           "employment_end_date", "employment_start_date", "tazkira_number_digit", "passport_expiry_different",
           "sex_different")


def case_number(rng: random.Random) -> str:
    """An invented case number like ``SIV-2023-004512``."""
    return f"{rng.choice(('SIV', 'SIV', 'P1', 'P2'))}-{rng.randint(2019, 2025)}-{rng.randint(1, 999999):06d}"


def _swap_token(name: str, rng: random.Random) -> str | None:
    toks = name.split()
    for i, t in enumerate(toks):
        for fam in NAME_FAMILIES:
            if t in fam:
                toks[i] = rng.choice([x for x in fam if x != t])
                return " ".join(toks)
    return None


def _zai(name: str, rng: random.Random) -> str | None:
    if re.search(r"ZAI\b", name):
        return re.sub(r"ZAI\b", rng.choice(("ZAY", "ZY", "ZAEI")), name)
    return None


def _compound(name: str) -> str | None:
    if name.startswith("ABDUL "):
        return "ABDUL" + name[6:]
    if name.startswith("ABDUL") and len(name) > 5:
        return "ABDUL " + name[5:]
    m = re.match(r"^(\w+)(ULLAH)\b(.*)$", name)
    if m:
        return f"{m.group(1)} {m.group(2)}{m.group(3)}"
    return None


def _change_digit(s: str, rng: random.Random) -> str:
    idx = [i for i, c in enumerate(s) if c.isdigit()]
    i = rng.choice(idx)
    return s[:i] + str((int(s[i]) + rng.randint(1, 9)) % 10) + s[i + 1 :]


def base_record(person: Person, case_no: str, employment: list[dict[str, Any]] | None = None,
                tazkira_number: str | None = None) -> dict[str, Any]:
    """The record exactly as the documents state it (upper-case names, ISO dates)."""
    rec: dict[str, Any] = {"case_number": case_no}
    if person.surname:
        rec["surname"] = person.surname.upper()
    if person.given_names:
        rec["given_names"] = person.given_names.upper()
    rec["father_name"] = person.father_name.upper()
    rec["date_of_birth"] = person.dob.iso()
    rec["sex"] = person.sex
    rec["nationality"] = person.nationality
    rec["passport_number"] = person.passport_number
    rec["passport_expiry"] = person.passport_expiry.isoformat()
    rec["tazkira_number"] = tazkira_number if tazkira_number is not None else person.tazkira_number
    if employment:
        rec["employment"] = [dict(e) for e in employment]
    return rec


def _applicable(kind: str, rec: dict[str, Any], person: Person) -> bool:
    sur, giv = rec.get("surname", ""), rec.get("given_names", "")
    emp = rec.get("employment") or []
    return {
        "translit_given": bool(giv) and _swap_token(giv, random.Random(0)) is not None,
        "translit_surname": bool(sur) and _swap_token(sur, random.Random(0)) is not None,
        "zai_spelling": bool(sur) and _zai(sur, random.Random(0)) is not None,
        "compound_split": bool(giv) and _compound(giv) is not None,
        "swapped_order": bool(sur) and bool(giv),
        "mononym_other_slot": bool(sur) != bool(giv),
        "year_only_dob": person.dob.month is not None,
        "title_case": bool(sur or giv),
        "jan1_conventional_dob": person.dob.full and (person.dob.month, person.dob.day) != (1, 1),
        "passport_number_digit": True,
        "dob_different": True,
        "surname_different": bool(sur),
        "given_name_different": bool(giv),
        "employment_end_date": any(e.get("end_date") for e in emp),
        "employment_start_date": bool(emp),
        "tazkira_number_digit": bool(rec.get("tazkira_number")),
        "passport_expiry_different": True,
        "sex_different": person.sex in ("M", "F"),
    }[kind]


def _shift_date(iso: str, rng: random.Random) -> str:
    d = dt.date.fromisoformat(iso)
    delta = rng.choice((-1, 1)) * rng.randint(45, 400)
    return (d + dt.timedelta(days=delta)).isoformat()


def apply_change(rec: dict[str, Any], kind: str, rng: random.Random, person: Person) -> dict[str, Any]:
    """Apply one variant or mismatch to ``rec`` in place; return its truth entry."""
    entry: dict[str, Any] = {"name": kind, "genuine": kind in GENUINE}

    def setf(field: str, new: Any, status: str, reason: str) -> None:
        entry.update(field=field, document_value=rec.get(field), record_value=new, expected=status, reason=reason)
        rec[field] = new

    if kind == "translit_given":
        setf("given_names", _swap_token(rec["given_names"], rng), "pass", "same name family")
    elif kind == "translit_surname":
        setf("surname", _swap_token(rec["surname"], rng), "pass", "same name family")
    elif kind == "zai_spelling":
        setf("surname", _zai(rec["surname"], rng), "pass", "same name family (-zai spelling)")
    elif kind == "compound_split":
        setf("given_names", _compound(rec["given_names"]), "pass", "compound name split differently")
    elif kind == "swapped_order":
        sur, giv = rec["surname"], rec["given_names"]
        entry.update(field="surname,given_names", document_value=[sur, giv], record_value=[giv, sur],
                     expected="pass", reason="order swapped")
        rec["surname"], rec["given_names"] = giv, sur
    elif kind == "mononym_other_slot":
        name = rec.pop("surname", None) or rec.pop("given_names")
        slot = "given_names" if person.surname else "surname"
        entry.update(field=slot, document_value=name, record_value=name, expected="pass",
                     reason="single name in the other slot")
        rec[slot] = name
    elif kind == "year_only_dob":
        setf("date_of_birth", str(person.dob.year), "pass", "year-only date agrees with any date in that year")
    elif kind == "title_case":
        for f in ("surname", "given_names", "father_name"):
            if rec.get(f):
                rec[f] = rec[f].title()
        entry.update(field="surname,given_names,father_name", expected="pass", reason="letter case only")
    elif kind == "jan1_conventional_dob":
        setf("date_of_birth", f"{person.dob.year}-01-01", "review", "1 January conventional birthday")
    elif kind == "passport_number_digit":
        setf("passport_number", _change_digit(rec["passport_number"], rng), "fail", "different passport number")
    elif kind == "dob_different":
        d = person.dob
        if d.full:
            new = _shift_date(d.iso(), rng)
            if new.endswith("-01-01"):
                new = new[:-2] + "02"
            if (d.month, d.day) == (1, 1) and new[:4] == str(d.year):
                # 1 January against another day of that year is a review, not a fail (DOMAIN.md): a
                # different birth date on a conventional 1 January is in another year.
                new = f"{d.year + (1 if new > d.iso() else -1)}{new[4:]}".replace("-02-29", "-02-28")
        else:
            new = str(d.year + rng.choice((-3, -2, 2, 3)))
        setf("date_of_birth", new, "fail", "different date of birth")
    elif kind == "surname_different":
        cur = rec["surname"]
        new = rng.choice([s.upper() for s, _ in SURNAMES if s.upper() != cur.upper() and s.upper()[:4] != cur[:4]])
        setf("surname", new, "fail", "different surname")
    elif kind == "given_name_different":
        cur = rec["given_names"]
        pool = ("JAMSHID", "FARID", "KHALID", "SAMIULLAH", "LAILA", "ROYA", "MIRWAIS", "IDRIS")
        setf("given_names", rng.choice([p for p in pool if p not in cur]), "fail", "different given name")
    elif kind in ("employment_end_date", "employment_start_date"):
        key = "end_date" if kind == "employment_end_date" else "start_date"
        idx = [i for i, e in enumerate(rec["employment"]) if e.get(key)]
        i = rng.choice(idx)
        old = rec["employment"][i][key]
        new = _shift_date(old, rng)
        entry.update(field=f"employment.{i}.{key}", document_value=old, record_value=new, expected="fail",
                     reason=f"different employment {key.replace('_', ' ')}")
        rec["employment"][i][key] = new
    elif kind == "tazkira_number_digit":
        setf("tazkira_number", _change_digit(rec["tazkira_number"], rng), "fail", "different tazkira number")
    elif kind == "passport_expiry_different":
        setf("passport_expiry", _shift_date(rec["passport_expiry"], rng), "fail", "different passport expiry")
    elif kind == "sex_different":
        setf("sex", "F" if rec["sex"] == "M" else "M", "fail", "different sex")
    else:
        raise ValueError(kind)
    return entry


# Which record fields each change touches (for restricting changes to what a document shows).
CHANGE_FIELDS = {
    "translit_given": ("given_names",), "translit_surname": ("surname",), "zai_spelling": ("surname",),
    "compound_split": ("given_names",), "swapped_order": ("surname", "given_names"),
    "mononym_other_slot": ("surname", "given_names"), "year_only_dob": ("date_of_birth",),
    "title_case": ("surname", "given_names"), "jan1_conventional_dob": ("date_of_birth",),
    "passport_number_digit": ("passport_number",), "dob_different": ("date_of_birth",),
    "surname_different": ("surname",), "given_name_different": ("given_names",),
    "employment_end_date": ("employment",), "employment_start_date": ("employment",),
    "tazkira_number_digit": ("tazkira_number",), "passport_expiry_different": ("passport_expiry",),
    "sex_different": ("sex",),
}
# Record fields each document shows (employment.* counts as "employment").
COVERED_FIELDS = {
    "td3_data_page": ("surname", "given_names", "date_of_birth", "sex", "nationality", "passport_number",
                      "passport_expiry"),
    "e_tazkira_front": ("surname", "given_names", "father_name", "date_of_birth", "sex", "tazkira_number"),
    "e_tazkira_back": ("surname", "given_names", "date_of_birth", "sex", "nationality", "tazkira_number"),
    "paper_tazkira": ("surname", "given_names", "father_name", "tazkira_number"),
    "paper_tazkira_translation": ("surname", "given_names", "father_name", "tazkira_number"),
    "employment_letter": ("surname", "given_names", "date_of_birth", "employment"),
}


def make_record(
    rng: random.Random,
    person: Person,
    *,
    case_no: str | None = None,
    employment: list[dict[str, Any]] | None = None,
    tazkira_number: str | None = None,
    variants: list[str] | None = None,
    mismatches: list[str] | None = None,
    covered: tuple[str, ...] | None = None,
) -> tuple[dict[str, Any], dict[str, Any]]:
    """A 4.1 record for ``person`` and its truth.

    Without explicit ``variants``/``mismatches`` about 45 % of records get one benign variant, 25 %
    one genuine mismatch, 8 % both, the rest none. ``covered`` (record field names, ``employment``
    for all its sub-fields) restricts random changes to what the documents show; the expected
    status of any other field is ``not_done``.

    Returns:
        (record, truth): truth has ``variants``, ``mismatches`` (lists of entries with field,
        document_value, record_value, expected, reason), ``expected`` (field -> status for every
        field present on the record) and ``expected_verdict`` for the record alone.
    """
    case_no = case_no or case_number(rng)
    rec = base_record(person, case_no, employment, tazkira_number)
    if variants is None and mismatches is None:
        r = rng.random()
        variants, mismatches = [], []
        def ok(c: str) -> bool:
            return _applicable(c, rec, person) and (covered is None or set(CHANGE_FIELDS[c]) <= set(covered))

        if r < 0.53 and any(ok(v) for v in BENIGN):
            variants.append(rng.choice([v for v in BENIGN if ok(v)]))
        if 0.45 <= r < 0.78 and any(ok(m) for m in GENUINE):
            mismatches.append(rng.choice([m for m in GENUINE if ok(m)]))
    variants = [v for v in (variants or []) if _applicable(v, rec, person)]
    mismatches = [m for m in (mismatches or []) if _applicable(m, rec, person)]
    applied_v = [apply_change(rec, v, rng, person) for v in variants]
    applied_m = [apply_change(rec, m, rng, person) for m in mismatches]
    expected: dict[str, str] = {}
    for k, v in rec.items():
        if k == "case_number":
            continue
        if k == "employment":
            for i, e in enumerate(v):
                for ek in e:
                    expected[f"employment.{i}.{ek}"] = "pass"
        else:
            expected[k] = "pass"
    for entry in applied_v + applied_m:
        for f in str(entry.get("field", "")).split(","):
            if f in expected:
                expected[f] = entry["expected"]
    if covered is not None:
        for f in expected:
            if f.split(".")[0] not in covered:
                expected[f] = "not_done"
    statuses = set(expected.values())
    verdict = "mismatch" if "fail" in statuses else "needs_review" if "review" in statuses else "verified"
    truth = {
        "case_number": case_no,
        "person_id": person.person_id,
        "variants": applied_v,
        "mismatches": applied_m,
        "expected": expected,
        "expected_verdict": verdict,
    }
    return rec, truth
