"""Seeded SPECIMEN cases at the level of *readings*: record + the evidence of passport, tazkira, two letters.

Used by ``bench/verify.py`` to measure the checks layer alone on ground-truth readings (no
OCR), and by tests as a guard. Every case is drawn from a synthetic person
(``tests.synth.people``) and then given exactly one *scenario*, whose label and
field-level truth are decided here, by the mutation, never by the rules under test:

* ``benign``: one or two harmless differences (a spelling of the same name family,
  surname and given names swapped, a year-only record birth date, a number written
  with spaces, an employer written another way, case and spacing, a compound split
  differently). Expected verdict ``verified``.
* ``year_only``: the record knows only the birth year. Expected ``verified``.
* ``mismatch``: one genuine disagreement, in the record or in one document (the whole
  document then consistently says the other value). Expected ``mismatch``; the truth
  names the field (unit) that disagrees.
* ``forgery``: a broken MRZ check digit, or an MRZ that disagrees with its printed page.
  Expected ``mismatch``.
* ``expired``: the passport expired before the day of the run. Expected ``needs_review``.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field, replace
from typing import Any

from tests.synth.people import SURNAMES, Person, make_person
from workstation.checks.model import DocumentEvidence, FieldValue
from workstation.records.model import ApplicantRecord, parse_record

TODAY = dt.date(2026, 11, 26)

EMPLOYERS = (
    ("U.S. Embassy Kabul", "US Embassy, Kabul"),
    ("USAID Afghanistan Mission", "USAID - Afghanistan Mission"),
    ("DynCorp International LLC", "DynCorp International"),
    ("Global Logistics Services LLC", "Global Logistics Services"),
    ("International Security Assistance Force", "INTERNATIONAL SECURITY ASSISTANCE FORCE"),
    ("Combined Security Transition Command-Afghanistan", "Combined Security Transition Command - Afghanistan"),
    ("Fluor Corporation", "FLUOR CORPORATION"),
    ("Chemonics International Inc.", "Chemonics International"),
)
OTHER_EMPLOYERS = ("Kabul Bank", "Afghan Wireless Communication Company", "Roshan Telecom", "Ariana Afghan Airlines")
POSITIONS = ("Interpreter", "Security Guard", "Driver", "Logistics Assistant", "Cultural Advisor", "IT Technician",
             "Finance Clerk", "Site Engineer")
SUPERVISORS = ("John Smith", "Mary Jones", "Robert Brown", "Linda Davis", "James Miller", "Patricia Wilson")

# Spellings of one name family (DOMAIN.md, ICAO list); the first is the record's, any other the document's.
FAMILIES = (
    ("MOHAMMAD", "MUHAMMAD", "MOHAMMED", "MOHAMAD", "MUHAMMED", "MOHAMED"),
    ("AHMAD", "AHMED"),
    ("AHMADZAI", "AHMADZAY", "AHMADZY"),
    ("STANIKZAI", "STANIKZAY"),
    ("BARAKZAI", "BARAKZAY"),
    ("YOUSUFZAI", "YOUSUFZAY"),
    ("NOORULLAH", "NURULLAH"),
    ("YOUSUF", "YUSUF"),
)
COMPOUND_SPLITS = (("ABDUL RAHIM", "ABDULRAHIM"), ("ABDUL ALI", "ABDULALI"), ("ABDUL QADIR", "ABDULQADIR"),
                   ("ABDUL WAHAB", "ABDULWAHAB"), ("ABDUL HADI", "ABDULHADI"), ("ABDUL BASIR", "ABDULBASIR"))

SCENARIOS = ("benign", "year_only", "mismatch", "forgery", "expired")
WEIGHTS = (40, 10, 32, 10, 8)


@dataclass
class Case:
    """One generated case: the record, the documents' evidence, and the truth."""

    case_id: str
    scenario: str
    record: ApplicantRecord
    documents: list[DocumentEvidence]
    expected_verdict: str
    truth_units: set[str] = field(default_factory=set)
    variant: str = ""


def _fv(value: str | None, conf: float, source: str) -> FieldValue | None:
    if value is None or not str(value).strip():
        return None
    return FieldValue(str(value), conf, page=1, bbox=(0.0, 0.0, 1.0, 1.0), source=source, raw=str(value))


def _fields(values: dict[str, str | None], conf: float, source: str) -> dict[str, FieldValue]:
    out = {}
    for k, v in values.items():
        f = _fv(v, conf, source)
        if f is not None:
            out[k] = f
    return out


def _one_digit(rng: random.Random, s: str) -> str:
    idx = [i for i, c in enumerate(s) if c.isdigit()]
    i = rng.choice(idx)
    return s[:i] + str((int(s[i]) + rng.randint(1, 9)) % 10) + s[i + 1 :]


def _shift_date(rng: random.Random, iso: str, min_days: int, max_days: int) -> str:
    d = dt.date.fromisoformat(iso)
    delta = rng.randint(min_days, max_days) * rng.choice((-1, 1))
    out = d + dt.timedelta(days=delta)
    if out.month == 1 and out.day == 1:  # never produce a conventional 1 January by accident
        out += dt.timedelta(days=3)
    return out.isoformat()


def _sh(iso: str) -> str:
    """A full Gregorian date as a Solar Hijri ISO date; partial dates stay Gregorian (a tazkira would say a year)."""
    import jdatetime

    if len(iso) != 10:
        return iso
    j = jdatetime.date.fromgregorian(date=dt.date.fromisoformat(iso))
    return f"{j.year:04d}-{j.month:02d}-{j.day:02d}"


def _periods(rng: random.Random) -> list[dict[str, str]]:
    employers = rng.sample(EMPLOYERS, 2)
    start = dt.date(rng.randint(2006, 2012), rng.randint(1, 12), rng.randint(2, 28))
    out = []
    for i in range(2):
        end = start + dt.timedelta(days=rng.randint(760, 1400))
        out.append({
            "employer": employers[i][0], "employer_doc": employers[i][rng.randint(0, 1)],
            "position": rng.choice(POSITIONS), "start_date": start.isoformat(), "end_date": end.isoformat(),
            "supervisor_name": rng.choice(SUPERVISORS),
            "contract_number": f"W{rng.randint(10, 99)}{rng.choice('ABCPQ')}{rng.randint(1, 9)}"
                               f"{rng.choice('JNKM')}-{rng.randint(10, 20)}-{rng.choice('CD')}-{rng.randint(1, 9999):04d}",
        })
        start = end + dt.timedelta(days=rng.randint(20, 200))
    return out


def _person(rng: random.Random, pid: str, scenario: str) -> Person:
    for _ in range(50):
        p = make_person(rng, pid)
        if scenario != "expired" and p.passport_expiry <= TODAY + dt.timedelta(days=30):
            continue
        if scenario == "expired" and p.passport_expiry > TODAY:
            p = replace(p, passport_expiry=TODAY - dt.timedelta(days=rng.randint(10, 900)))
        if scenario == "year_only" and not p.dob.full:
            continue
        return p
    raise RuntimeError("could not draw a person")


def make_case(seed: int, index: int, scenario: str | None = None) -> Case:
    """Case ``index`` of run ``seed`` (scenario drawn with :data:`WEIGHTS` unless given)."""
    rng = random.Random(f"verify-bench:{seed}:{index}")
    scenario = scenario or rng.choices(SCENARIOS, weights=WEIGHTS)[0]
    p = _person(rng, f"V{seed}-{index:04d}", scenario)
    dob = p.dob.iso()
    periods = _periods(rng)
    rec: dict[str, Any] = {
        "case_number": f"SPECIMEN-V{seed}-{index:04d}",
        "surname": p.surname.upper() or None, "given_names": p.given_names.upper() or None,
        "father_name": p.father_name.upper(), "date_of_birth": dob, "sex": p.sex, "nationality": p.nationality,
        "passport_number": p.passport_number, "passport_expiry": p.passport_expiry.isoformat(),
        "tazkira_number": p.tazkira_number,
        "employment": [{k: v for k, v in per.items() if k != "employer_doc"} for per in periods],
    }
    pp = {"surname": p.surname.upper(), "given_names": p.given_names.upper(), "document_number": p.passport_number,
          "nationality": p.nationality, "date_of_birth": dob, "sex": p.sex,
          "expiry_date": p.passport_expiry.isoformat(), "issuing_country": p.passport_issuing}
    pp_mrz = dict(pp)
    pp_printed = dict(pp)
    mrz_checks = {"document_number": True, "date_of_birth": True, "expiry_date": True, "composite": True}
    taz = {"tazkira_number": p.tazkira_number, "given_names": p.given_names, "surname": p.surname,
           "father_name": p.father_name, "date_of_birth": _sh(dob), "place_of_birth": p.place_of_birth}
    full = p.full_name
    letters = [{"employee_name": full, "employer": per["employer_doc"], "position": per["position"],
                "start_date": per["start_date"], "end_date": per["end_date"],
                "supervisor_name": per["supervisor_name"], "supervisor_contact": "hr.office@example.org",
                "contract_number": per["contract_number"], "letter_date": "2021-08-10"} for per in periods]
    if rng.random() < 0.3:
        letters[rng.randint(0, 1)]["date_of_birth"] = dob
    truth: set[str] = set()
    variant = ""
    expected = {"benign": "verified", "year_only": "verified", "mismatch": "mismatch", "forgery": "mismatch",
                "expired": "needs_review"}[scenario]

    if scenario == "benign":
        variant = _benign(rng, rec, pp, pp_mrz, pp_printed, taz, letters)
    elif scenario == "year_only":
        rec["date_of_birth"] = dob[:4]
        variant = "year-only record birth date"
    elif scenario == "mismatch":
        variant, unit = _mismatch(rng, p, rec, pp, pp_mrz, pp_printed, taz, letters, periods)
        truth.add(unit)
    elif scenario == "forgery":
        if rng.random() < 0.5:
            mrz_checks[rng.choice(("document_number", "date_of_birth", "expiry_date", "composite"))] = False
            variant = "broken check digit"
            truth.add("forgery.check_digit")
        else:
            fld = rng.choice(("document_number", "date_of_birth", "surname"))
            if fld == "document_number":
                pp_printed[fld] = _one_digit(rng, p.passport_number)
            elif fld == "date_of_birth" and len(dob) == 10:
                pp_printed[fld] = _shift_date(rng, dob, 40, 2000)
            else:
                fld = "surname"
                pp_printed[fld] = rng.choice([s for s, _ in SURNAMES if s.upper() != p.surname.upper()]).upper()
            variant = f"MRZ against printed page: {fld}"
            truth.add("forgery.mrz_vs_printed")
    else:
        rec["passport_expiry"] = pp["expiry_date"] = pp_mrz["expiry_date"] = pp_printed["expiry_date"] = \
            p.passport_expiry.isoformat()
        variant = "expired passport"

    passport = DocumentEvidence(
        file="passport.png", kind="passport", sha256="0" * 64,
        fields=_fields(pp_mrz, 0.98, "mrz"), mrz_fields=_fields(pp_mrz, 0.98, "mrz"),
        printed_fields=_fields(pp_printed, 0.93, "viz"), mrz_present=True, mrz_checks=mrz_checks,
        mrz_confidence=0.97, mrz_lines=("P<AFG...", "..."), quality={"blur": 0.1, "glare": 0.0, "dpi": 300},
    )
    tazkira = DocumentEvidence(file="tazkira.png", kind="tazkira", sha256="1" * 64, fields=_fields(taz, 0.9, "ocr"))
    letter_docs = [
        DocumentEvidence(file=f"letter{i}.pdf", kind="employment_letter", sha256=str(i + 2) * 64,
                         fields=_fields(lt, 1.0, "text_layer"),
                         extra={"signature_block": True, "subcontractor": False})
        for i, lt in enumerate(letters)
    ]
    record = parse_record({k: v for k, v in rec.items() if v is not None})
    return Case(rec["case_number"], scenario, record, [passport, tazkira, *letter_docs], expected, truth, variant)


def _swap_family(rng: random.Random, text: str) -> str | None:
    toks = text.split()
    for i, t in enumerate(toks):
        for fam in FAMILIES:
            if t in fam:
                toks[i] = rng.choice([x for x in fam if x != t])
                return " ".join(toks)
    return None


def _benign(rng: random.Random, rec: dict[str, Any], pp: dict[str, Any], pp_mrz: dict[str, Any],
            pp_printed: dict[str, Any], taz: dict[str, Any], letters: list[dict[str, Any]]) -> str:
    options = ["family", "swap", "year_only", "tazkira_spaces", "case", "compound", "letter_name_case"]
    done: list[str] = []
    for choice in rng.sample(options, rng.randint(1, 2)):
        if choice == "family":
            for slot in ("given_names", "surname"):
                v = rec.get(slot)
                new = _swap_family(rng, v) if v else None
                if new:
                    rec[slot] = new
                    done.append(f"name family ({slot})")
                    break
        elif choice == "swap" and rec.get("surname") and rec.get("given_names"):
            rec["surname"], rec["given_names"] = rec["given_names"], rec["surname"]
            done.append("surname and given names swapped on the record")
        elif choice == "year_only" and len(str(rec["date_of_birth"])) == 10:
            rec["date_of_birth"] = str(rec["date_of_birth"])[:4]
            done.append("year-only record birth date")
        elif choice == "tazkira_spaces":
            taz["tazkira_number"] = taz["tazkira_number"].replace("-", " ")
            done.append("tazkira number with spaces")
        elif choice == "case":
            for slot in ("given_names", "surname"):
                if rec.get(slot):
                    rec[slot] = rec[slot].title()
            done.append("record names in title case")
        elif choice == "compound":
            for a, b in COMPOUND_SPLITS:
                if rec.get("father_name") == a:
                    rec["father_name"] = b
                    done.append("father's compound name written as one word")
                    break
                if rec.get("given_names") and a in rec["given_names"]:
                    rec["given_names"] = rec["given_names"].replace(a, b)
                    done.append("compound given name written as one word")
                    break
        elif choice == "letter_name_case":
            for lt in letters:
                lt["employee_name"] = lt["employee_name"].upper()
            done.append("letter names in capitals")
    return "; ".join(done) or "no variant applicable (identical)"


def _mismatch(rng: random.Random, p: Person, rec: dict[str, Any], pp: dict[str, Any], pp_mrz: dict[str, Any],
              pp_printed: dict[str, Any], taz: dict[str, Any], letters: list[dict[str, Any]],
              periods: list[dict[str, str]]) -> tuple[str, str]:
    kinds = ["passport_number_record", "passport_number_doc", "dob_record", "dob_tazkira", "surname_record",
             "given_passport", "father_record", "tazkira_number_doc", "letter_end", "letter_start",
             "letter_employer", "letter_position", "letter_contract", "letter_name", "letter_dob", "sex_record",
             "expiry_record"]
    kind = rng.choice(kinds)
    li = rng.randint(0, 1)
    dob = str(rec["date_of_birth"])
    if kind == "passport_number_record":
        rec["passport_number"] = _one_digit(rng, p.passport_number)
        return "record passport number one digit off", "passport_number"
    if kind == "passport_number_doc":
        v = _one_digit(rng, p.passport_number)
        pp["document_number"] = pp_mrz["document_number"] = pp_printed["document_number"] = v
        return "passport number one digit off on the passport", "passport_number"
    if kind in ("dob_record", "dob_tazkira", "letter_dob"):
        year = int(dob[:4])
        if len(dob) == 10:
            new = _shift_date(rng, dob, 60, 1500)
            if new[:4] == dob[:4] and rng.random() < 0.5:
                new = f"{year + rng.choice((-2, -1, 1, 2))}{new[4:]}"
        else:
            new = str(year + rng.choice((-3, -2, 2, 3)))
        if new.endswith("-02-29"):
            new = new[:-2] + "28"
        if kind == "dob_record":
            rec["date_of_birth"] = new
            return "record birth date differs", "date_of_birth"
        if kind == "dob_tazkira":
            taz["date_of_birth"] = _sh(new)
            return "tazkira birth date differs", "date_of_birth"
        letters[li]["date_of_birth"] = new
        return "letter birth date differs", "date_of_birth"
    if kind == "surname_record" and rec.get("surname"):
        rec["surname"] = rng.choice([s for s, _ in SURNAMES if s.upper() != rec["surname"] and
                                     s.upper()[:4] != rec["surname"][:4]]).upper()
        return "record surname differs", "name"
    if kind in ("surname_record", "given_passport"):
        slot = "given_names" if pp["given_names"] else "surname"
        other = rng.choice(["HAMID", "KHALID", "JAWAD", "FARID", "IDRIS", "KARIM", "SHAFIQ", "MIRWAIS"])
        if other in pp[slot].split():
            other = "ZABIHULLAH"
        pp[slot] = pp_mrz[slot] = pp_printed[slot] = other
        return f"passport {slot} differs", "name"
    if kind == "father_record":
        others = [x for x in ("GHULAM HAZRAT", "ZAMAN", "NASIR", "FARID", "JAWAD", "KHALID", "SHIR ALI")
                  if x != rec["father_name"]]
        rec["father_name"] = rng.choice(others)
        return "record father's name differs", "father_name"
    if kind == "tazkira_number_doc":
        taz["tazkira_number"] = _one_digit(rng, p.tazkira_number)
        return "tazkira number one digit off", "tazkira_number"
    if kind == "letter_end":
        letters[li]["end_date"] = _shift_date(rng, letters[li]["end_date"], 90, 400)
        return "letter end date differs", f"employment.{li}.end_date"
    if kind == "letter_start":
        letters[li]["start_date"] = _shift_date(rng, letters[li]["start_date"], 90, 300)
        return "letter start date differs", f"employment.{li}.start_date"
    if kind == "letter_employer":
        letters[li]["employer"] = rng.choice(OTHER_EMPLOYERS)
        return "letter employer differs", f"employment.{li}.employer"
    if kind == "letter_position":
        letters[li]["position"] = rng.choice([x for x in POSITIONS if x != periods[li]["position"]])
        return "letter position differs", f"employment.{li}.position"
    if kind == "letter_contract":
        letters[li]["contract_number"] = _one_digit(rng, periods[li]["contract_number"])
        return "letter contract number one digit off", f"employment.{li}.contract_number"
    if kind == "letter_name":
        name = rng.choice(["Hamid Karimi", "Khalid Noori", "Jawad Safi", "Farid Popal", "Idris Wardak"])
        letters[li]["employee_name"] = name
        return "letter names another person", "name"
    if kind == "sex_record":
        rec["sex"] = "F" if p.sex == "M" else "M"
        return "record sex differs", "sex"
    rec["passport_expiry"] = _shift_date(rng, rec["passport_expiry"], 200, 900)
    return "record passport expiry differs", "passport_expiry"


def unit_of(check_id: str, field_name: str) -> str:
    """The field-level unit a failed check points at (the granularity of the truth)."""
    if ".mrz.check_digits" in check_id:
        return "forgery.check_digit"
    if ".mrz_vs_printed." in check_id:
        return "forgery.mrz_vs_printed"
    if check_id.startswith("service."):
        return "service." + check_id.split(".")[1]
    f = field_name
    if f in ("surname", "given_names", "name", "employee_name"):
        return "name"
    if f in ("expiry_date", "passport_expiry"):
        return "passport_expiry"
    if f == "document_number":
        return "passport_number"
    return f


# --------------------------------------------------------------------------------------------
# Ground truth of tests.synth.cases bundles as readings (the generator's truth, not ours)
# --------------------------------------------------------------------------------------------


def _swap_day_month(iso: str) -> str | None:
    try:
        d = dt.date.fromisoformat(iso)
        return dt.date(d.year, d.day, d.month).isoformat() if d.day <= 12 and d.day != d.month else None
    except ValueError:
        return None


def evidence_from_truth(t: dict[str, Any]) -> DocumentEvidence:
    """One generated document's truth (``tests.synth``) as the evidence a perfect reader would give."""
    kind = str(t["kind"])
    file = str(t.get("file") or kind)
    conf = 1.0
    src = "truth"
    raw_fields = {k: v for k, v in (t.get("fields") or {}).items() if v not in (None, "")}
    if kind == "passport":
        m = t.get("mrz") or {}
        fields = _fields(raw_fields, conf, "mrz")
        mrz_vals = dict(raw_fields)
        mrz_vals["surname"] = m.get("surname") or ""
        mrz_vals["given_names"] = m.get("given_names") or ""
        printed = dict(raw_fields)
        pv = t.get("printed") or {}
        if pv.get("number"):
            printed["document_number"] = pv["number"]
        for k in ("surname", "given_names"):
            printed[k] = pv.get(k, printed.get(k, ""))
        return DocumentEvidence(
            file=file, kind=kind, fields=fields, mrz_fields=_fields(mrz_vals, conf, "mrz"),
            printed_fields=_fields(printed, conf, "printed"), mrz_present=True,
            mrz_checks={k: bool(v) for k, v in (m.get("checks") or {}).items()}, mrz_confidence=1.0,
            mrz_lines=tuple(m.get("lines") or ()), extra={"mrz_names_truncated": bool(m.get("name_truncated"))},
        )
    if kind == "tazkira":
        iv = t.get("date_of_birth_interval") or (t.get("age_statement") or {}).get("implied_birth_interval")
        if "date_of_birth" not in raw_fields and iv and iv[0] and iv[1]:
            raw_fields["date_of_birth"] = iv[0] if iv[0] == iv[1] else f"{iv[0]}/{iv[1]}"
        m = t.get("mrz") or {}
        has_mrz = bool(m.get("lines"))
        return DocumentEvidence(
            file=file, kind=kind, fields=_fields(raw_fields, conf, src), mrz_present=has_mrz,
            mrz_checks={k: bool(v) for k, v in (m.get("checks") or {}).items()} if has_mrz else {},
            mrz_lines=tuple(m.get("lines") or ()),
        )
    if kind == "employment_letter":
        fields = _fields(raw_fields, conf, "text_layer")
        for name in t.get("ambiguous_fields") or ():
            f = fields.get(name)
            alt = _swap_day_month(f.value) if f is not None else None
            if f is not None and alt:
                fields[name] = replace(f, alternatives=(alt,))
        if t.get("prime_contract_number"):
            fields["prime_contract_number"] = FieldValue(str(t["prime_contract_number"]), conf, source="text_layer")
        if t.get("subcontract") and "contract_number" in fields:
            fields["subcontract_number"] = fields["contract_number"]
        extra = {
            "signature_block": bool(t.get("signer")),
            "subcontractor": bool(t.get("subcontract")),
            "red_flags": [{"phrase": r, "context": r, "page": 1, "bbox": [0, 0, 1, 1]} for r in t.get("red_flags") or ()],
            "periods": [
                {"start_date": {"value": p["start_date"], "ambiguous": bool(p.get("start_ambiguous")),
                                "candidates": [p["start_date"], _swap_day_month(p["start_date"]) or p["start_date"]]},
                 "end_date": ({"value": p["end_date"], "ambiguous": bool(p.get("end_ambiguous")),
                               "candidates": [p["end_date"], _swap_day_month(p["end_date"]) or p["end_date"]]}
                              if p.get("end_date") else {"value": "present"}),
                 "position": {"value": p.get("position") or ""}}
                for p in t.get("periods") or ()
            ],
        }
        return DocumentEvidence(file=file, kind=kind, fields=fields, extra=extra)
    return DocumentEvidence(file=file, kind=kind)


def synth_truth_case(seed: int, index: int) -> tuple[Case, Any]:
    """A ``tests.synth.cases`` bundle as a :class:`Case` of perfect readings (and the bundle itself).

    The expected verdict is the generator's, without the reasons that only concern reading (blur past
    reading, handwritten values read unsurely), which a perfect reading does not have.
    """
    from tests.synth import cases as synth_cases

    bundle = synth_cases.make_case(seed, index, "none")
    truth = bundle.truth
    docs = [evidence_from_truth({**d.truth, "file": d.name}) for d in bundle.documents]
    rt = truth["record_truth"]
    units = {unit_of("", str(f)) for m in rt["mismatches"] for f in str(m["field"]).split(",")}
    forgery = truth.get("forgery")
    if forgery:
        units.add("forgery.check_digit" if forgery == "check_digit" else "forgery.mrz_vs_printed")
    expected = truth["expected_verdict"]
    if expected == "needs_review" and all("blurred" in r or "handwritten" in r
                                          for r in truth.get("expected_reasons", [])):
        expected = "verified"
    if forgery:
        scenario = "forgery"
    elif rt["mismatches"]:
        scenario = "mismatch"
    elif any("expired" in r for r in truth.get("expected_reasons", [])):
        scenario = "expired"
    elif rt["variants"]:
        scenario = "benign"
    else:
        scenario = "plain"
    label = "; ".join([m["name"] for m in rt["mismatches"]] + [v["name"] for v in rt["variants"]]
                      + ([f"forgery {forgery}"] if forgery else []))
    record = parse_record(bundle.record)
    return Case(record.case_number, scenario, record, docs, expected, units, label), bundle
