"""Table-driven tests of the rules: (record, documents) -> statuses of named checks and the verdict.

No OCR: the documents' evidence is built directly (tests/core/checks/builders.py, SPECIMEN data).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any

import pytest

from tests.core.checks.builders import TODAY, full_case, fv, letter, passport, record, tazkira
from workstation.checks import check_case
from workstation.checks.model import DocumentEvidence
from workstation.checks.policy import CheckPolicy, load_check_policy
from workstation.records.model import ApplicantRecord

POLICY = load_check_policy()


@dataclass
class Case:
    """One row of the table."""

    name: str
    record: Callable[[], ApplicantRecord]
    docs: Callable[[], list[DocumentEvidence]]
    verdict: str
    statuses: dict[str, str] = field(default_factory=dict)
    reason_contains: dict[str, str] = field(default_factory=dict)
    policy: CheckPolicy = POLICY


def _with(i: int, doc: DocumentEvidence) -> Callable[[], list[DocumentEvidence]]:
    def build() -> list[DocumentEvidence]:
        docs = full_case()
        docs[i] = doc
        return docs
    return build


CASES = [
    Case("all agree", record, full_case, "verified",
         {"passport.surname": "pass", "passport.date_of_birth": "pass", "passport.mrz.check_digits": "pass",
          "passport.mrz_vs_printed.surname": "pass", "tazkira.date_of_birth": "pass", "letter.0.end_date": "pass",
          "letter.1.employer": "pass", "passport.validity": "pass"}),
    # --- names -------------------------------------------------------------------------------
    Case("MUHAMMAD against MOHAMMAD", lambda: record(given_names="MUHAMMAD NASIR"), full_case, "verified",
         {"passport.given_names": "pass", "tazkira.given_names": "pass", "letter.0.employee_name": "pass"}),
    Case("surname and given names swapped on the record", lambda: record(surname="MOHAMMAD NASIR", given_names="AHMADZAI"),
         full_case, "verified", {"passport.surname": "pass", "passport.given_names": "pass"},
         {"passport.surname": "swapped"}),
    Case("single name in the other slot", lambda: record(surname=None, given_names="FATIMA", sex="F"),
         lambda: [passport(fields={"surname": "FATIMA", "given_names": None, "sex": "F"},
                           mrz={"surname": "FATIMA", "given_names": None, "sex": "F"},
                           printed={"surname": "FATIMA", "given_names": None, "sex": "F"})],
         "needs_review",  # tazkira and letters are missing
         {"passport.given_names": "pass", "tazkira.document": "not_done"}),
    Case("a different surname fails", lambda: record(surname="KARZAI"), full_case, "mismatch",
         {"passport.surname": "fail", "tazkira.surname": "fail"}),
    Case("father's name differs", lambda: record(father_name="GHULAM HAZRAT"), full_case, "mismatch",
         {"tazkira.father_name": "fail"}),
    # --- dates -------------------------------------------------------------------------------
    Case("year-only record date of birth", lambda: record(date_of_birth="1988"), full_case, "verified",
         {"passport.date_of_birth": "pass", "tazkira.date_of_birth": "pass"}, {"passport.date_of_birth": "year"}),
    Case("1 January conventional birthday is a review", lambda: record(date_of_birth="1988-01-01"), full_case,
         "needs_review", {"passport.date_of_birth": "review"}),
    Case("different birth date fails", lambda: record(date_of_birth="1987-03-21"), full_case, "mismatch",
         {"passport.date_of_birth": "fail", "tazkira.date_of_birth": "fail"}),
    Case("Solar Hijri one day off at Nowruz passes", record,
         _with(1, tazkira({"date_of_birth": "1367-01-02"})), "verified", {"tazkira.date_of_birth": "pass"}),
    Case("tazkira birth date a month off fails", record, _with(1, tazkira({"date_of_birth": "1367-02-01"})),
         "mismatch", {"tazkira.date_of_birth": "fail", "tazkira.vs_passport.date_of_birth": "fail"}),
    Case("ambiguous letter date one reading agrees: review, never settled by the record", record,
         _with(2, letter(0, {"start_date": fv("2010-01-05", 1.0, "text_layer", ("2010-05-01",))})),
         "needs_review", {"letter.0.start_date": "review"}, {"letter.0.start_date": "ambiguous"}),
    Case("ambiguous letter date no reading agrees: fail", lambda: record(),
         _with(2, letter(0, {"start_date": fv("2011-02-03", 1.0, "text_layer", ("2011-03-02",))})),
         "mismatch", {"letter.0.start_date": "fail"}),
    Case("letter end date one year off fails", record, _with(3, letter(1, {"end_date": "2017-06-30"})), "mismatch",
         {"letter.1.end_date": "fail", "letter.1.start_date": "pass"}),
    # --- identifiers -------------------------------------------------------------------------
    Case("passport number one digit different fails", record,
         _with(0, passport(fields={"document_number": "P01234568"}, mrz={"document_number": "P01234568"},
                           printed={"document_number": "P01234568"})), "mismatch",
         {"passport.document_number": "fail"}, {"passport.document_number": "one character differs"}),
    Case("OCR confusion on an unsure tazkira number is a review", record,
         _with(1, tazkira({"tazkira_number": fv("1399-O1O1-12345", 0.5)})), "needs_review",
         {"tazkira.tazkira_number": "review"}),
    Case("tazkira number with spaces passes", record, _with(1, tazkira({"tazkira_number": "1399 0101 12345"})),
         "verified", {"tazkira.tazkira_number": "pass"}),
    Case("a contract number OCR read in part is a review", record,
         _with(2, letter(0, {"contract_number": fv("W91B4N", 0.9, "ocr")})), "needs_review",
         {"letter.0.contract_number": "review"}),
    Case("a tazkira number OCR read with digits lost and added at its ends is a review", record,
         _with(1, tazkira({"tazkira_number": fv("99-0101-12345-1", 0.7, "ocr")})), "needs_review",
         {"tazkira.tazkira_number": "review"}, {"tazkira.tazkira_number": "lost or added at its ends"}),
    Case("a tazkira number OCR read with another group in the middle fails", record,
         _with(1, tazkira({"tazkira_number": fv("1399-0777-12345", 0.7, "ocr")})), "mismatch",
         {"tazkira.tazkira_number": "fail"}),
    Case("a tazkira number OCR read a digit longer in the middle fails", record,
         _with(1, tazkira({"tazkira_number": fv("1399-01101-12845", 0.7, "ocr")})), "mismatch",
         {"tazkira.tazkira_number": "fail"}),
    Case("contract number differs", record, _with(2, letter(0, {"contract_number": "W91B4N-10-C-0007"})), "mismatch",
         {"letter.0.contract_number": "fail"}),
    # --- forgery signs -----------------------------------------------------------------------
    Case("a broken number check digit the record's number mends through an O/0 confusion is a review",
         lambda: record(passport_number="O00415752"),
         _with(0, replace(passport(fields={"document_number": fv("000415752", 0.6, "mrz")}, mrz={"document_number": "000415752"},
                                   printed={"document_number": "000415752"},
                                   checks={"document_number": False, "composite": False}),
                          mrz_lines=("P<AFG<<MURSAL<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<",
                                     "0004157520AFG8211<<0F3501195<<<<<<<<<<<<<<<4"))),
         "needs_review", {"passport.mrz.check_digits": "review"}, {"passport.mrz.check_digits": "record's number"}),
    Case("a page that read one word into both name slots is a name read in part, not a forgery sign",
         lambda: record(surname="ABDUL WAHAB", given_names=None),
         lambda: [passport(fields={"surname": "ABDUL WAHAB", "given_names": None},
                           mrz={"surname": "ABDUL WAHABK", "given_names": None},
                           printed={"surname": "ABDUL WAHAB", "given_names": "ABDUL"})],
         "needs_review", {"passport.mrz_vs_printed.name": "review", "passport.surname": "pass"}),
    Case("a letter's date of birth exactly the tazkira's unsure one: two readings agree, a pass",
         lambda: record(date_of_birth="1988-05-14"),
         lambda: [tazkira({"date_of_birth": fv("1988-05-14", 0.5, "viz_latin")}),
                  letter(0, {"date_of_birth": fv("1988-05-14", 1.0, "text_layer")})],
         "needs_review", {"letter.0.vs_tazkira.date_of_birth": "pass"}, {"letter.0.vs_tazkira.date_of_birth": "exact"}),
    Case("broken check digit is a forgery sign", record, _with(0, passport(checks={"date_of_birth": False})),
         "mismatch", {"passport.mrz.check_digits": "fail"}, {"passport.mrz.check_digits": "forgery"}),
    Case("broken check digit on a shaky MRZ read is a review (when the policy trusts zone confidence)", record,
         _with(0, passport(checks={"composite": False}, mrz_confidence=0.3)), "needs_review",
         {"passport.mrz.check_digits": "review"}, policy=replace(POLICY, min_mrz_confidence_for_forgery=0.5)),
    Case("MRZ disagreeing with the printed page is a forgery sign", record,
         _with(0, passport(printed={"date_of_birth": "1986-05-21"})), "mismatch",
         {"passport.mrz_vs_printed.date_of_birth": "fail"}),
    Case("a printed date one digit from the proven MRZ date is a review", record,
         _with(0, passport(printed={"date_of_birth": "1988-03-27"})), "needs_review",
         {"passport.mrz_vs_printed.date_of_birth": "review"}),
    Case("MRZ name disagreeing with the printed page", record,
         _with(0, passport(printed={"surname": "KARZAI"})), "mismatch",
         {"passport.mrz_vs_printed.surname": "fail"}),
    Case("MRZ name truncated in a full name field is not a disagreement", record,
         _with(0, replace(passport(mrz={"given_names": "MOHAMMAD NAS"}), extra={"mrz_names_truncated": True})),
         "verified",
         {"passport.mrz_vs_printed.given_names": "pass"}, {"passport.mrz_vs_printed.given_names": "truncated"}),
    Case("a short MRZ name that only begins the printed one is not passed as truncated", record,
         _with(0, passport(mrz={"given_names": "MOHAMMAD NAS"})), "needs_review",
         {"passport.mrz_vs_printed.given_names": "review"}),
    Case("one letter between MRZ and printed page is a review (OCR or alteration)", record,
         _with(0, passport(printed={"surname": "AHMADZAL"})), "needs_review",
         {"passport.mrz_vs_printed.surname": "review"}),
    Case("printed number disagreeing on a shaky read is a review", record,
         _with(0, passport(printed={"document_number": fv("P01234867", 0.7, "printed")})), "needs_review",
         {"passport.mrz_vs_printed.document_number": "review"}),
    Case("single name in another MRZ slot agrees", lambda: record(surname=None, given_names="FATIMA", sex="F"),
         lambda: [passport(fields={"surname": "FATIMA", "given_names": None, "sex": "F"},
                           mrz={"surname": "FATIMA", "given_names": None, "sex": "F"},
                           printed={"surname": None, "given_names": "FATIMA", "sex": "F"})],
         "needs_review", {"passport.mrz_vs_printed.name": "pass"}),
    Case("a name part on the printed page missing from a zone that is not full is a forgery sign", record,
         _with(0, passport(mrz={"surname": None}, printed={"surname": "SAFI"})),
         "mismatch", {"passport.mrz_vs_printed.name": "fail"}),
    Case("a printed name read in part is a review", record,
         _with(0, passport(printed={"given_names": "MOHAMMAD"})),
         "needs_review", {"passport.mrz_vs_printed.given_names": "review"}),
    Case("a different name on the printed page than in the MRZ is a forgery sign", record,
         _with(0, passport(mrz={"surname": None}, printed={"surname": "SAFI", "given_names": "HAMID"})),
         "mismatch", {"passport.mrz_vs_printed.name": "fail"}),
    Case("a lone broken optional-data digit under a valid composite is a misread, not a forgery", record,
         _with(0, passport(checks={"optional_data": False, "composite": True})), "needs_review",
         {"passport.mrz.check_digits": "review"}),
    Case("an MRZ with most check digits broken was not read: review", record,
         _with(0, passport(checks={"document_number": False, "date_of_birth": False, "expiry_date": False,
                                   "composite": False})),
         "needs_review", {"passport.mrz.check_digits": "review"}),
    Case("printed number differing from the MRZ only by O/0 is a review", record,
         _with(0, passport(printed={"document_number": "PO1234567"})), "needs_review",
         {"passport.mrz_vs_printed.document_number": "review"}),
    Case("a long number read at low confidence that agrees exactly passes, saying so", record,
         _with(1, tazkira({"tazkira_number": fv("1399-0101-12345", 0.37)})), "verified",
         {"tazkira.tazkira_number": "pass"}, {"tazkira.tazkira_number": "low OCR confidence"}),
    Case("record contract number matching the letter's prime contract passes", record,
         _with(2, letter(0, {"contract_number": "SUB-2010-0042", "prime_contract_number": "W91B4N-10-C-0001"})),
         "verified", {"letter.0.contract_number": "pass"}),
    # --- expiry ------------------------------------------------------------------------------
    Case("expired passport is a review, not a mismatch", lambda: record(passport_expiry="2024-05-01"),
         _with(0, passport(fields={"expiry_date": "2024-05-01"}, mrz={"expiry_date": "2024-05-01"},
                           printed={"expiry_date": "2024-05-01"})),
         "needs_review", {"passport.validity": "review", "passport.expiry_date": "pass"},
         {"passport.validity": "expired"}),
    # --- confidence, missing evidence ---------------------------------------------------------
    Case("low-confidence short name goes to review even when it agrees", lambda: record(father_name="ABDULLAH"),
         _with(1, tazkira({"father_name": fv("Abdulla", 0.35)})), "needs_review",
         {"tazkira.father_name": "review"}, {"tazkira.father_name": "low OCR confidence"}),
    Case("low-confidence name of 8+ letters exactly the record's passes, saying so", record,
         _with(1, tazkira({"father_name": fv("Abdul Rahim", 0.35)})), "verified",
         {"tazkira.father_name": "pass"}, {"tazkira.father_name": "OCR noise does not produce"}),
    Case("a handwritten name exactly the record's still goes to review", record,
         _with(1, tazkira({"father_name": fv("Abdul Rahim", 0.35, "handwritten")})), "needs_review",
         {"tazkira.father_name": "review"}),
    Case("low-confidence disagreement goes to review, not fail", record,
         _with(1, tazkira({"father_name": fv("Abdul Hakim", 0.35)})), "needs_review",
         {"tazkira.father_name": "review"}),
    Case("a field not read is a review", record, _with(1, tazkira(drop=("tazkira_number",))), "needs_review",
         {"tazkira.tazkira_number": "review"}),
    Case("missing documents are not done", record, lambda: [passport()], "needs_review",
         {"tazkira.document": "not_done", "employment.0.letter": "not_done", "employment.1.letter": "not_done"}),
    Case("no MRZ read on a passport is a review", record, _with(0, passport(with_mrz=False)), "needs_review",
         {"passport.mrz.check_digits": "review"}),
    Case("blur alone is no reason for review", record,
         lambda: [
             DocumentEvidence(**{**passport().__dict__, "quality": {"blur": 0.8, "glare": 0.4, "dpi": 150}}),
             tazkira(), letter(0), letter(1),
         ], "verified"),
    # --- letters -----------------------------------------------------------------------------
    Case("letters given in the other order are paired by content", record,
         lambda: [passport(), tazkira(), letter(1, file="a.pdf"), letter(0, file="b.pdf")], "verified",
         {"letter.0.employer": "pass", "letter.1.employer": "pass"}),
    Case("letter name differing from the ID", record,
         _with(2, letter(0, {"employee_name": "Ahmad Shah Ahmadzai"})), "mismatch",
         {"letter.0.employee_name": "fail", "letter.0.vs_passport.employee_name": "fail"}),
    Case("letter birth date checked when stated", record,
         _with(2, letter(0, {"date_of_birth": "1989-03-21"})), "mismatch",
         {"letter.0.date_of_birth": "fail", "letter.0.vs_passport.date_of_birth": "fail"}),
    Case("letter claims employment the record does not", lambda: record(employment=[]),
         lambda: [passport(), tazkira(), letter(0)], "needs_review", {"letter.0.employment": "review"}),
    Case("record agreeing with the printed reading but not the MRZ one is a review", record,
         _with(0, passport(fields={"given_names": "HAMID"}, mrz={"given_names": "HAMID"})), "mismatch",
         {"passport.given_names": "review", "passport.mrz_vs_printed.given_names": "fail"}),
    Case("Dari-script OCR reading that differs is a review", record,
         _with(1, tazkira({"given_names": fv("مچمد نصیر", 0.8), "surname": fv("احمدزی", 0.8)})), "needs_review",
         {"tazkira.given_names": "review"}, {"tazkira.given_names": "Dari script"}),
    Case("Dari-script name that agrees passes", record,
         _with(1, tazkira({"given_names": fv("محمد نصیر", 0.8), "surname": fv("احمدزی", 0.8)})), "verified",
         {"tazkira.given_names": "pass", "tazkira.surname": "pass"}),
    Case("name cut short in a full MRZ name field agrees with the record", lambda: record(given_names="MOHAMMAD NASIRUDDIN"),
         lambda: [replace(passport(fields={"given_names": fv("MOHAMMAD NASIRU", 0.9, "mrz")},
                                   mrz={"given_names": fv("MOHAMMAD NASIRU", 0.9, "mrz")},
                                   printed={"given_names": "MOHAMMAD NASIRUDDIN"}),
                          extra={"mrz_names_truncated": True})],
         "needs_review", {"passport.given_names": "pass", "passport.mrz_vs_printed.given_names": "pass"}),
    Case("Dari letter: employer and position by glossary and consonants", record,
         _with(2, letter(0, {"employer": "سفارت ایالات متحده امریکا در کابل", "position": "ترجمان"})), "verified",
         {"letter.0.employer": "pass", "letter.0.position": "pass"}),
    Case("Dari letter naming another employer is a review, never a fail across scripts", record,
         _with(2, letter(0, {"employer": "بانک کابل", "position": "راننده"})), "needs_review",
         {"letter.0.employer": "review", "letter.0.position": "review"}),
    Case("a letter stating two periods is paired period by period", record,
         lambda: [passport(), tazkira(),
                  replace(letter(0, {"end_date": "2016-06-30"}), extra={
                      "signature_block": True,
                      "periods": [
                          {"start_date": {"value": "2010-05-01"}, "end_date": {"value": "2013-08-31"},
                           "position": {"value": "Interpreter"}},
                          {"start_date": {"value": "2014-01-15"}, "end_date": {"value": "2016-06-30"},
                           "position": {"value": "Security Guard"}}]})],
         "mismatch",  # the second period's employer on the record differs from this letter's
         {"letter.0.period.0.start_date": "pass", "letter.0.period.0.end_date": "pass",
          "letter.0.period.1.start_date": "pass", "letter.0.period.1.end_date": "pass",
          "letter.0.period.1.position": "pass", "letter.0.period.1.employer": "fail"}),
    Case("letter name against an ID whose zone cut the name short", lambda: record(given_names="MOHAMMAD ABDUL RAHMATULLAH"),
         lambda: [replace(passport(fields={"given_names": fv("MOHAMMAD ABDUL RAHMA", 0.9, "mrz")},
                                   mrz={"given_names": fv("MOHAMMAD ABDUL RAHMA", 0.9, "mrz")},
                                   printed={"given_names": "MOHAMMAD ABDUL RAHMATULLAH"}),
                          extra={"mrz_names_truncated": True}),
                  letter(0, {"employee_name": "Mohammad Abdul Rahmatullah Ahmadzai"})],
         "needs_review", {"letter.0.vs_passport.employee_name": "pass"}),
    Case("a garbled zone name line is a review, not a forgery sign", record,
         _with(0, passport(mrz={"given_names": "MOHAMMAD NASIRKKSSKKSSEKKSEK"})), "needs_review",
         {"passport.mrz_vs_printed.given_names": "review"}),
    Case("a printed date equal to another printed date is a review", record,
         _with(0, passport(printed={"date_of_birth": "2029-05-01"})), "needs_review",
         {"passport.mrz_vs_printed.date_of_birth": "review"}),
    Case("different position", record, _with(2, letter(0, {"position": "Cook"})), "mismatch",
         {"letter.0.position": "fail"}),
    Case("an unreadable letter is a review, and service rules do not fail on it", record,
         _with(3, letter(1, drop=("employee_name", "employer", "position", "start_date", "end_date",
                                  "contract_number", "supervisor_name", "supervisor_contact"))),
         "needs_review", {"letter.1.readable": "review"}),
    Case("printed nationality as a word", record,
         _with(0, passport(printed={"nationality": "AFGHAN"})), "verified",
         {"passport.mrz_vs_printed.nationality": "pass"}),
    Case("printed nationality with words that name no country, and bilingual", record,
         _with(0, passport(printed={"nationality": "ISLAMIC REPUBLIC OF AFGHANISTAN / افغان"})), "verified",
         {"passport.mrz_vs_printed.nationality": "pass"}),
    Case("printed nationality of another country fails against the zone", record,
         _with(0, passport(printed={"nationality": "PAKISTANI CITIZEN"})), "mismatch",
         {"passport.mrz_vs_printed.nationality": "fail"}),
    Case("the page's surname not read, the given names agreeing with the zone: nothing differs", record,
         _with(0, passport(printed={"surname": None})), "verified",
         {"passport.mrz_vs_printed.given_names": "pass"}),
    Case("the page's surname not read and its given names differing from the zone: not settled", record,
         _with(0, passport(printed={"surname": None, "given_names": "MOHAMMAD"})), "needs_review",
         {"passport.mrz_vs_printed.name": "review"}),
    Case("MRZ and a low-confidence printed page agreeing exactly pass", record,
         _with(0, passport(printed={"surname": fv("AHMADZAI", 0.4, "viz")})), "verified",
         {"passport.mrz_vs_printed.surname": "pass"}, {"passport.mrz_vs_printed.surname": "agree exactly"}),
    Case("tazkira front and back are one document", record,
         lambda: [passport(), tazkira(drop=("date_of_birth",)),
                  DocumentEvidence(file="tazkira_back.jpg", kind="tazkira", sha256="c" * 64,
                                   fields={"date_of_birth": fv("1988-03-21", 0.9, "mrz"),
                                           "surname": fv("AHMADZAI", 0.9, "mrz")},
                                   mrz_present=True, mrz_checks={"composite": True},
                                   mrz_fields={"surname": fv("AHMADZAI", 0.9, "mrz")},
                                   mrz_lines=("I<AFG", "x", "AHMADZAI<<MOHAMMAD<NASIR")),
                  letter(0), letter(1)],
         "verified", {"tazkira.date_of_birth": "pass", "tazkira.father_name": "pass",
                      "tazkira.mrz.check_digits": "pass"}),
]


def _two_sided(front_number: str, confidence: float, zone: str = "1399010112345") -> Callable[[], list[DocumentEvidence]]:
    """A tazkira given as front (its number read at ``confidence``) and back (the number in the zone)."""
    def build() -> list[DocumentEvidence]:
        front = tazkira({"tazkira_number": fv(front_number, confidence, "viz_latin")})
        front = replace(front, file="tazkira_front.jpg", printed_fields={"tazkira_number": front.fields["tazkira_number"]})
        back = DocumentEvidence(file="tazkira_back.jpg", kind="tazkira", sha256="c" * 64,
                                fields={"tazkira_number": fv(zone, 0.9, "mrz"),
                                        "surname": fv("AHMADZAI", 0.9, "mrz")},
                                mrz_present=True, mrz_checks={"composite": True},
                                mrz_fields={"surname": fv("AHMADZAI", 0.9, "mrz")},
                                mrz_lines=("I<AFG", "x", "AHMADZAI<<MOHAMMAD<NASIR"))
        return [passport(), front, back, letter(0), letter(1)]
    return build


CASES += [
    Case("tazkira number on the front and in the zone agree", record, _two_sided("1399-0101-12345", 0.95),
         "verified", {"tazkira.mrz_vs_printed.tazkira_number": "pass", "tazkira.tazkira_number": "pass"}),
    Case("the zone's digits running past the front's number (fillers read as digits) still agree", record,
         _two_sided("1399-0101-12345", 0.95, zone="139901011234511"), "verified",
         {"tazkira.mrz_vs_printed.tazkira_number": "pass"}),
    Case("a sure front number the zone does not carry: review (the zone's layout is unverified)",
         lambda: record(tazkira_number="1399-0777-12345"), _two_sided("1399-0777-12345", 0.95), "needs_review",
         {"tazkira.mrz_vs_printed.tazkira_number": "review", "tazkira.tazkira_number": "pass"}),
    Case("an unsure front number the zone carries too: two readings agree, a pass", record,
         _two_sided("1399-0101-12345", 0.34), "verified", {"tazkira.tazkira_number": "pass"}),
    Case("an unsure front number against a zone read a digit long: the front's stands (no false fail)",
         record, _two_sided("1399-0101-12345", 0.34, zone="13990101123415"), "verified",
         {"tazkira.tazkira_number": "pass"}),
    Case("a letter's name failing only against a card front its own zone contradicts is a review", record,
         lambda: [replace(_two_sided("1399-0101-12345", 0.95)()[1],
                          fields={**tazkira().fields, "surname": fv("KARIMI", 0.95, "viz_latin")}),
                  replace(_two_sided("1399-0101-12345", 0.95)()[2],
                          mrz_fields={"surname": fv("AHMADZAI", 0.9, "mrz"), "given_names": fv("MOHAMMAD NASIR", 0.9, "mrz")}),
                  letter(0)],
         "needs_review", {"letter.0.vs_tazkira.employee_name": "review"},
         {"letter.0.vs_tazkira.employee_name": "zone reads a name that agrees"}),
    Case("a zone whose OCR lost a digit (the rest slid) says nothing against the front", record,
         _two_sided("1399-0101-12345", 0.95, zone="399010112345<1"), "verified", {"tazkira.tazkira_number": "pass"}),
    Case("a zone read a digit short at its start says nothing against the front", record,
         _two_sided("1399-0101-12345", 0.95, zone="139010112345"), "verified", {"tazkira.tazkira_number": "pass"}),
    Case("an unsure front reading that differs has given way to the zone: no front/zone check", record,
         _two_sided("1399-0101-72345", 0.5), "verified", {"tazkira.tazkira_number": "pass"}),
    Case("an unsure front reading with more digits than a tazkira number gives way to a 13-digit zone", record,
         _two_sided("0012345-13990101", 0.64), "verified", {"tazkira.tazkira_number": "pass"}),
    Case("an unsure front number read in part is the beginning of the zone's whole number: the zone's",
         record, _two_sided("1399-010", 0.73), "verified", {"tazkira.tazkira_number": "pass"}),
]


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_rules_table(case: Case) -> None:
    report = check_case(case.record(), case.docs(), case.policy, today=TODAY)
    got = {c.id: c.status for c in report.checks}
    for cid, status in case.statuses.items():
        assert cid in got, f"{cid} missing; checks: {sorted(got)}"
        assert got[cid] == status, f"{cid}: {got[cid]} ({report.get(cid).reason})"  # type: ignore[union-attr]
    for cid, text in case.reason_contains.items():
        c = report.get(cid)
        assert c is not None and text.lower() in c.reason.lower(), c
    assert report.verdict == case.verdict, [
        (c.id, c.status, c.reason) for c in report.checks if c.status != "pass"
    ]


def test_every_check_has_reason_and_evidence_document() -> None:
    report = check_case(record(surname="KARZAI"), full_case(), POLICY, today=TODAY)
    for c in report.checks:
        assert c.reason.strip(), c
        assert c.status in ("pass", "fail", "review", "not_done")
        if c.status != "not_done" and not c.id.startswith("service."):  # service rules may judge all letters
            assert c.document, c
            assert c.evidence is not None and c.evidence.document == c.document


def test_forgery_signs_are_flagged() -> None:
    report = check_case(record(), [passport(checks={"document_number": False})], POLICY, today=TODAY)
    c = report.get("passport.mrz.check_digits")
    assert c is not None and c.forgery_sign and c.status == "fail"
    assert report.verdict == "mismatch" and "forgery" in report.verdict_reason


def test_fields_name_record_fields() -> None:
    report = check_case(record(), full_case(), POLICY, today=TODAY)
    fields = {c.id: c.field for c in report.checks}
    assert fields["passport.document_number"] == "passport_number"
    assert fields["letter.1.end_date"] == "employment.1.end_date"
    assert fields["passport.mrz_vs_printed.date_of_birth"] == "date_of_birth"


def test_merged_tazkira_checks_name_the_file_each_value_came_from() -> None:
    back = DocumentEvidence(file="tazkira_back.jpg", kind="tazkira", fields={"date_of_birth": fv("1987-03-21", 0.9, "mrz")},
                            mrz_present=True, mrz_checks={"composite": True})
    report = check_case(record(), [tazkira(drop=("date_of_birth",)), back], POLICY, today=TODAY)
    dob = report.get("tazkira.date_of_birth")
    num = report.get("tazkira.tazkira_number")
    assert dob is not None and dob.status == "fail" and dob.document == "tazkira_back.jpg"
    assert num is not None and num.document == "tazkira.jpg"


def test_json_form_has_contract_keys() -> None:
    report = check_case(record(), full_case(), POLICY, today=TODAY)
    j: dict[str, Any] = report.checks[0].to_json()
    for key in ("id", "field", "status", "expected", "found", "document", "reason", "page", "bbox", "confidence"):
        assert key in j


def test_record_without_documents_needs_review() -> None:
    report = check_case(record(), [], POLICY, today=TODAY)
    assert report.verdict == "needs_review"
    assert all(c.status == "not_done" for c in report.checks)
