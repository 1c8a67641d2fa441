"""Checks-side guards against reader errors: an unsure reading never fails, a real disagreement still does."""

from __future__ import annotations

from tests.core.checks.builders import TODAY, full_case, fv, letter, passport, record, tazkira
from workstation.checks import check_case
from workstation.checks.model import DocumentEvidence, FieldValue
from workstation.checks.policy import load_check_policy

POLICY = load_check_policy()


def _status(docs: list[DocumentEvidence], cid: str, **rec: object) -> str:
    report = check_case(record(**rec), docs, POLICY, today=TODAY)
    c = report.get(cid)
    assert c is not None, sorted(x.id for x in report.checks)
    return c.status


def test_zone_name_one_ocr_letter_off_is_review_but_a_text_layer_still_fails() -> None:
    # I read as Z in a zone's name (no check digit covers names), read at 0.6: review.
    ocr = passport(fields={"surname": fv("AHMADZAZ", 0.6, "mrz")}, mrz={"surname": fv("AHMADZAZ", 0.6, "mrz")})
    assert _status([ocr], "passport.surname") == "review"
    # The same one letter on a confident text layer is a different name.
    lt = letter(0, fields={"employee_name": fv("Mohammad Nasir Ahmadzay", 1.0, "text_layer")})
    assert _status([lt], "letter.0.employee_name") in ("pass", "review")  # -zai/-zay is one name family
    other = letter(0, fields={"employee_name": fv("Mohammad Nasir Ahmadzam", 1.0, "text_layer")})
    assert _status([other], "letter.0.employee_name") == "fail"


def test_genuinely_different_surname_still_fails_on_a_zone_reading() -> None:
    doc = passport(fields={"surname": fv("KARZAI", 0.6, "mrz")}, mrz={"surname": fv("KARZAI", 0.6, "mrz")},
                   printed={"surname": fv("KARZAI", 0.95, "viz")})
    assert _status([doc], "passport.surname") == "fail"


def test_a_zone_of_debris_proves_nothing_and_is_not_a_forgery_sign() -> None:
    debris = {"surname": fv("OQHHCDOOAOCCCCCCCC", 0.45, "mrz"), "given_names": fv("OQHHCDOOAOCCCCCCCC", 0.45, "mrz"),
              "document_number": fv("951009112", 0.45, "mrz"), "nationality": fv("GOO", 0.45, "mrz")}
    doc = passport(fields=debris, mrz=debris, printed={}, drop=(),
                   checks={"date_of_birth": False, "expiry_date": False, "composite": False})
    report = check_case(record(), [doc], POLICY, today=TODAY)
    assert report.get("passport.mrz.check_digits").status == "review"  # type: ignore[union-attr]
    assert report.get("passport.document_number").status == "review"  # type: ignore[union-attr]
    assert report.verdict == "needs_review"


def test_broken_digit_on_a_clean_zone_is_still_a_forgery_sign() -> None:
    report = check_case(record(), [passport(checks={"date_of_birth": False, "composite": False})], POLICY, today=TODAY)
    c = report.get("passport.mrz.check_digits")
    assert c is not None and c.status == "fail" and c.forgery_sign


def test_printed_name_slot_with_the_nationality_line_or_read_in_part_is_review() -> None:
    doc = passport(printed={"given_names": fv("MOHAMMAD NASIR AFGHAN", 0.95, "viz")})
    assert _status([doc], "passport.mrz_vs_printed.given_names") == "pass"
    merged = passport(printed={"surname": fv("AHMADZAI MOHAMMAD NAS", 0.95, "viz"), "given_names": None})
    assert _status([merged], "passport.mrz_vs_printed.name") == "review"
    forged = passport(printed={"surname": fv("KARZAI", 0.95, "viz"), "given_names": None})
    assert _status([forged], "passport.mrz_vs_printed.name") == "fail"


def test_printed_date_with_a_two_digit_year_against_a_proven_zone_is_review() -> None:
    short = fv("2019-09-26", 0.96, "viz")
    short = type(short)(short.value, short.confidence, short.page, short.bbox, short.source, raw="26.09.19")
    assert _status([passport(printed={"date_of_birth": short})], "passport.mrz_vs_printed.date_of_birth") == "review"
    # A four-digit printed year that disagrees with the zone stays a forgery sign.
    full = fv("1975-03-21", 0.96, "viz")
    assert _status([passport(printed={"date_of_birth": full})], "passport.mrz_vs_printed.date_of_birth") == "fail"


def test_contract_number_of_a_multi_period_letter_is_checked_on_its_own_period() -> None:
    lt = letter(0, fields={"contract_number": fv("W52P1J-13-D-0042", 1.0, "text_layer"),
                           "start_date": fv("2010-05-01", 1.0, "text_layer"),
                           "end_date": fv("2016-06-30", 1.0, "text_layer")})
    lt = DocumentEvidence(**{**lt.__dict__, "extra": {**lt.extra, "periods": [
        {"start_date": {"value": "2010-05-01"}, "end_date": {"value": "2013-08-31"},
         "position": {"value": "Interpreter"}},
        {"start_date": {"value": "2014-01-15"}, "end_date": {"value": "2016-06-30"},
         "position": {"value": "Security Guard"}}]}})
    report = check_case(record(), [passport(), tazkira(), lt], POLICY, today=TODAY)
    assert not [c for c in report.checks if c.id.endswith("contract_number") and c.status == "fail"]
    assert report.get("letter.0.period.1.contract_number").status == "pass"  # type: ignore[union-attr]


def test_prime_number_only_is_review_and_ocr_letter_digit_confusion_at_087_is_review() -> None:
    prime = letter(0, fields={"contract_number": None, "prime_contract_number": fv("SAQMMA15D6421", 1.0, "text_layer")})
    assert _status([prime], "letter.0.contract_number") == "review"
    o0 = letter(0, fields={"contract_number": fv("W91B4N-1O-C-0001", 0.87, "ocr")})
    assert _status([o0], "letter.0.contract_number") == "review"
    digit = letter(0, fields={"contract_number": fv("W91B4N-10-C-0007", 0.99, "ocr")})
    assert _status([digit], "letter.0.contract_number") == "fail"


def test_full_case_still_verified() -> None:
    assert check_case(record(), full_case(), POLICY, today=TODAY).verdict == "verified"


def test_letter_dates_that_cannot_be_read_right_are_review() -> None:
    swapped = letter(0, fields={"start_date": fv("2013-08-31", 1.0, "text_layer"),
                                "end_date": fv("2010-05-01", 1.0, "text_layer")})
    report = check_case(record(), [swapped], POLICY, today=TODAY)
    assert report.get("letter.0.start_date").status == "review"  # type: ignore[union-attr]
    assert report.get("letter.0.end_date").status == "review"  # type: ignore[union-attr]
    birth = letter(0, fields={"start_date": fv("1988-03-21", 0.9, "ocr")})
    assert _status([birth], "letter.0.start_date") == "review"
    # A letter that states another, possible start date still fails (a genuine mismatch).
    other = letter(0, fields={"start_date": fv("2011-02-01", 1.0, "text_layer")})
    assert _status([other], "letter.0.start_date") == "fail"


def test_a_label_read_as_the_value_is_review() -> None:
    lt = letter(0, fields={"employer": fv("Employer", 0.9, "ocr"), "position": fv("This is", 0.9, "ocr")})
    report = check_case(record(), [lt], POLICY, today=TODAY)
    assert report.get("letter.0.employer").status == "review"  # type: ignore[union-attr]
    assert report.get("letter.0.position").status == "review"  # type: ignore[union-attr]
    wrong = letter(0, fields={"position": fv("Driver", 0.95, "ocr")})
    assert _status([wrong], "letter.0.position") == "fail"


def test_a_full_zone_cut_in_its_surname_with_one_letter_misread_is_a_review_not_a_forgery_sign() -> None:
    """A card's zone (TD1, 30 characters of name) holds only the long surname, its last letter misread
    (I as T); the printed page has the surname and the given name. Whole, the names are a letter apart
    within the zone's length: a review, as each slot alone would be, not a forgery sign (case 156)."""
    zone = {"surname": fv("MOHAMMADZAI BARAKZAI STANIKZAT", 0.9, "mrz"), "given_names": None}
    page = {"surname": fv("MOHAMMADZAI BARAKZAI-STANIKZAI", 0.92, "viz"), "given_names": fv("MAHBOOBA", 0.93, "viz")}
    doc = passport(mrz=zone, printed=page)
    doc = DocumentEvidence(**{**doc.__dict__, "mrz_lines": ("I<AFG" + "<" * 25, "<" * 30, "MOHAMMADZAI<BARAKZAI<STANIKZAT")})
    report = check_case(record(), [doc], POLICY, today=TODAY)
    c = report.get("passport.mrz_vs_printed.name")
    assert c is not None and c.status == "review" and not c.forgery_sign, c
    # Read right, the zone is the beginning of the printed name: it agrees.
    right = DocumentEvidence(**{**doc.__dict__, "mrz_fields": {**doc.mrz_fields,
                                                                "surname": fv("MOHAMMADZAI BARAKZAI STANIKZAI", 0.9, "mrz")}})
    c = check_case(record(), [right], POLICY, today=TODAY).get("passport.mrz_vs_printed.name")
    assert c is not None and c.status == "pass", c


def test_a_zone_with_one_filler_left_is_nearly_full_whatever_the_reader_flagged() -> None:
    """An issuer that cuts names at a word boundary leaves one filler (``GHULAM<``): the printed given
    names beginning with the zone's agree; printed names that do not still disagree (case 127)."""
    zone_line = "P<AFGMOHAMMADZAI<BARAKZAI<STANIKZAI<<GHULAM<"
    assert len(zone_line) == 44
    zone = {"surname": fv("MOHAMMADZAI BARAKZAI STANIKZAI", 0.9, "mrz"), "given_names": fv("GHULAM", 0.9, "mrz")}

    def doc(printed_given: str) -> DocumentEvidence:
        d = passport(mrz=zone, printed={"surname": fv("MOHAMMADZAI BARAKZAI STANIKZAI", 0.95, "viz"),
                                        "given_names": fv(printed_given, 0.95, "viz")})
        return DocumentEvidence(**{**d.__dict__, "mrz_lines": (zone_line, d.mrz_lines[1]),
                                   "extra": {"mrz_names_truncated": False}})

    c = check_case(record(), [doc("GHULAM MOHAMMAD SHARIFULLAH ABDUL HAQ")], POLICY, today=TODAY)
    assert c.get("passport.mrz_vs_printed.given_names").status == "pass"  # type: ignore[union-attr]
    c = check_case(record(), [doc("NAJIBULLAH")], POLICY, today=TODAY)
    assert c.get("passport.mrz_vs_printed.given_names").status == "fail"  # type: ignore[union-attr]


def test_a_zone_name_with_letters_read_before_it_is_a_review_not_a_forgery_sign() -> None:
    """The zone's OCR read the card's edge into its name line (RFFTTFNOORI); the printed surname is NOORI:
    compare with the document, not a forgery sign. A printed name that is not the zone's end still fails."""
    def doc(printed_surname: str) -> DocumentEvidence:
        return passport(mrz={"surname": fv("RFFTTFNOORI", 0.9, "mrz")},
                        printed={"surname": fv(printed_surname, 0.95, "viz")})

    c = check_case(record(), [doc("NOORI")], POLICY, today=TODAY).get("passport.mrz_vs_printed.surname")
    assert c is not None and c.status == "review" and not c.forgery_sign, c
    c = check_case(record(), [doc("KARIMI")], POLICY, today=TODAY).get("passport.mrz_vs_printed.surname")
    assert c is not None and c.status == "fail" and c.forgery_sign, c


def test_a_cards_edge_read_as_a_letter_before_the_zones_name_line_is_no_disagreement() -> None:
    """Case 453 of seed 6: a card's zone read ``IJALALI<<SHAFIQ<<...`` a character too long (the card's edge
    as I) against a front printing JALALI: the name is the page's letter for letter. Without the length
    fix (a zone read to length), or with another first letter, it stays a review."""
    def card(line3: str, surname: str, warnings: list[str]) -> DocumentEvidence:
        return DocumentEvidence(
            file="tazkira_back.jpg", kind="tazkira", sha256="c" * 64,
            fields={"surname": fv("JALALI", 0.93, "viz_latin"), "given_names": fv("SHAFIQ", 0.92, "viz_latin")},
            mrz_fields={"surname": fv(surname, 0.9, "mrz"), "given_names": fv("SHAFIQ", 0.9, "mrz")},
            printed_fields={"surname": fv("JALALI", 0.93, "viz_latin"), "given_names": fv("SHAFIQ", 0.92, "viz_latin")},
            mrz_present=True, mrz_confidence=0.9,
            mrz_checks={"document_number": True, "date_of_birth": True, "expiry_date": True, "composite": True},
            mrz_lines=("IDAFG82159042541399730275087<<", "7406092M2912291AFG<<<<<<<<<<<3", line3),
            extra={"mrz_warnings": warnings},
        )

    rec = record(surname="JALALI", given_names="SHAFIQ")
    edge = card("IJALALI<<SHAFIQ<<<<<<<<<<<<<<<", "IJALALI", ["line length corrected"])
    got = check_case(rec, [edge], POLICY, today=TODAY).get("tazkira.mrz_vs_printed.surname")
    assert got is not None and got.status == "pass", got
    as_read = card("IJALALI<<SHAFIQ<<<<<<<<<<<<<<<", "IJALALI", [])
    got = check_case(rec, [as_read], POLICY, today=TODAY).get("tazkira.mrz_vs_printed.surname")
    assert got is not None and got.status == "review", got
    other = card("RJALALI<<SHAFIQ<<<<<<<<<<<<<<<", "RJALALI", ["line length corrected"])
    got = check_case(rec, [other], POLICY, today=TODAY).get("tazkira.mrz_vs_printed.surname")
    assert got is not None and got.status == "review", got


def test_a_filler_read_as_k_after_the_zones_name_is_no_disagreement() -> None:
    """Case 472 of seed 6: the zone's given names read ``ZAMANK<<<`` (the first filler as K) against ZAMAN on the
    page: the page's name, not one read in part. Another extra letter stays a review."""
    def doc(zone_given: str) -> DocumentEvidence:
        return passport(mrz={"given_names": fv(zone_given, 0.9, "mrz")},
                        printed={"given_names": fv("MOHAMMAD NASIR", 0.95, "viz")})

    got = check_case(record(), [doc("MOHAMMAD NASIRK")], POLICY, today=TODAY).get("passport.mrz_vs_printed.given_names")
    assert got is not None and got.status == "pass", got
    got = check_case(record(), [doc("MOHAMMAD NASIRA")], POLICY, today=TODAY).get("passport.mrz_vs_printed.given_names")
    assert got is not None and got.status == "review", got


def _card(zone: tuple[str, str], page: tuple[str, str], line3: str) -> DocumentEvidence:
    """An e-tazkira with a TD1 zone (30 characters of name): zone and page names as (surname, given names)."""
    def names(pair: tuple[str, str], source: str, conf: float) -> dict[str, FieldValue]:
        return {k: fv(v, conf, source) for k, v in zip(("surname", "given_names"), pair, strict=True) if v}

    return DocumentEvidence(
        file="tazkira_front.jpg", kind="tazkira", sha256="c" * 64,
        fields=names(page, "viz_latin", 0.9), mrz_fields=names(zone, "mrz", 0.9),
        printed_fields=names(page, "viz_latin", 0.9), mrz_present=True, mrz_confidence=0.9,
        mrz_checks={"document_number": True, "date_of_birth": True, "expiry_date": True, "composite": True},
        mrz_lines=("IDAFG82159042541399730275087<<", "7406092M2912291AFG<<<<<<<<<<<3", line3),
    )


def test_a_printed_name_read_without_its_first_word_beside_a_full_zone_is_a_review_not_a_forgery_sign() -> None:
    """Blind case 739 of seed 6: a full zone's ``GHULAM MOHAMMAD SHARIF`` (its last word cut) against a front
    read ``MOHAMMAD SHARIFULLAH ABDUL HAQ``, GHULAM lost to OCR: the rest begins as the zone's. Another name
    on the page still fails as a forgery sign."""
    line3 = "HABIBI<<GHULAM<MOHAMMAD<SHARIF"
    rec = record(surname="HABIBI", given_names="GHULAM MOHAMMAD SHARIFULLAH ABDUL HAQ")
    lost = _card(("HABIBI", "GHULAM MOHAMMAD SHARIF"), ("HABIBI", "MOHAMMAD SHARIFULLAH ABDUL HAQ"), line3)
    c = check_case(rec, [lost], POLICY, today=TODAY).get("tazkira.mrz_vs_printed.given_names")
    assert c is not None and c.status == "review" and not c.forgery_sign, c
    other = _card(("HABIBI", "GHULAM MOHAMMAD SHARIF"), ("HABIBI", "MOHAMMAD KARIM ABDUL HAQ"), line3)
    c = check_case(rec, [other], POLICY, today=TODAY).get("tazkira.mrz_vs_printed.given_names")
    assert c is not None and c.status == "fail" and c.forgery_sign, c


def test_a_zone_holding_only_the_surname_beside_a_surname_read_in_part_is_a_review_not_a_forgery_sign() -> None:
    """Blind case 777 of seed 6: the zone's 30 characters hold only ``MOHAMMADZAI<BARAKZAI<STANIKZAI`` (the
    given name cut away) and the front's surname was read ``MOHAMMADZAI BA``: the whole names differ only
    because of the cut and the part read. A printed surname that is not the zone's start still fails."""
    line3 = "MOHAMMADZAI<BARAKZAI<STANIKZAI"
    rec = record(surname="MOHAMMADZAI BARAKZAI-STANIKZAI", given_names="SAMIULLAH")
    part = _card(("MOHAMMADZAI BARAKZAI STANIKZAI", ""), ("MOHAMMADZAI BA", "SAMIULLAH"), line3)
    c = check_case(rec, [part], POLICY, today=TODAY).get("tazkira.mrz_vs_printed.name")
    assert c is not None and c.status == "review" and not c.forgery_sign, c
    other = _card(("MOHAMMADZAI BARAKZAI STANIKZAI", ""), ("KARIMI", "SAMIULLAH"), line3)
    report = check_case(rec, [other], POLICY, today=TODAY)
    assert any(x.status == "fail" and x.forgery_sign for x in report.checks if "mrz_vs_printed" in x.id), report.checks


def test_a_fathers_name_a_letter_apart_on_an_unsure_reading_is_a_review() -> None:
    """Blind case 733 of seed 6: a father's ``ABDUL ALI`` read ``ABDUL ALL`` at 0.72 failed the case. As for
    the applicant's own names, a letter apart on an unsure reading is a review; read surely it fails."""
    unsure = tazkira({"father_name": fv("ABDUL ALL", 0.72)})
    assert _status([unsure], "tazkira.father_name", father_name="ABDUL ALI") == "review"
    sure = tazkira({"father_name": fv("ABDUL ALL", 0.97)})
    assert _status([sure], "tazkira.father_name", father_name="ABDUL ALI") == "fail"


def test_a_contract_number_read_in_part_with_o_for_zero_is_a_review() -> None:
    """Blind case 759 of seed 6: ``SAQMMA06D1348`` read ``SAQMMAO6D1`` (O for 0, the end lost) at 0.84 failed
    the case; read in part is judged with O/0 folded. A different digit in the part read still fails."""
    rec = record(employment=[{"employer": "U.S. Embassy Kabul", "position": "Interpreter",
                              "start_date": "2010-05-01", "end_date": "2013-08-31",
                              "supervisor_name": "John Smith", "contract_number": "SAQMMA06D1348"}])
    part = letter(0, fields={"contract_number": fv("SAQMMAO6D1", 0.84, "ocr")})
    assert _status([part], "letter.0.contract_number", **{"employment": rec.to_dict()["employment"]}) == "review"
    other = letter(0, fields={"contract_number": fv("SAQMMAO7D1", 0.84, "ocr")})
    assert _status([other], "letter.0.contract_number", **{"employment": rec.to_dict()["employment"]}) == "fail"


def test_an_unsure_zone_value_the_printed_page_gives_exactly_and_surely_passes() -> None:
    """Blind case 763 of seed 6: a zone read two ways held its sex at 0.57 (review), while the page printed the
    same M, read at 0.83: two independent readings agreeing exactly with the record. An unsure page too, or a
    page that differs, leaves the review."""
    def doc(page_sex: str, page_conf: float) -> DocumentEvidence:
        return passport(fields={"sex": fv("M", 0.57, "mrz")}, mrz={"sex": fv("M", 0.57, "mrz")},
                        printed={"sex": fv(page_sex, page_conf, "viz")})

    assert _status([doc("M", 0.83)], "passport.sex") == "pass"
    assert _status([doc("M", 0.5)], "passport.sex") == "review"
    assert _status([doc("F", 0.83)], "passport.sex") == "review"


def test_a_zone_whose_country_code_no_state_has_is_misread_and_proves_nothing() -> None:
    """Blind case 792 of seed 6: a zone read at 0.45 gave AFG as SOB, QADERI as QAL, and a passport number with
    two digits misread that still passed its check digit: the number failed the record and the names and code
    were forgery signs. No state prints SOB: the zone was misread, its digits prove nothing (review). A real
    code keeps the zone: a page that names another country is a forgery sign."""
    def doc(code: str) -> DocumentEvidence:
        return passport(fields={"nationality": fv(code, 0.45, "mrz"), "document_number": fv("P01234568", 0.45, "mrz")},
                        mrz={"nationality": fv(code, 0.45, "mrz"), "document_number": fv("P01234568", 0.45, "mrz")},
                        printed={"nationality": fv("AFGHAN", 0.97, "viz")},
                        mrz_confidence=0.45)

    report = check_case(record(), [doc("SOB")], POLICY, today=TODAY)
    assert report.get("passport.document_number").status == "review"  # type: ignore[union-attr]
    assert not any(c.forgery_sign for c in report.checks)
    report = check_case(record(), [doc("PAK")], POLICY, today=TODAY)  # a real code: the zone says another country
    c = report.get("passport.mrz_vs_printed.nationality")
    assert c is not None and c.status == "fail" and c.forgery_sign, c


def test_a_supervisor_read_as_one_word_is_a_review_and_a_full_other_name_fails() -> None:
    """Blind cases 797 and 836 of seed 6: the letter's supervisor read ``Dani`` (Daniel Baker) and ``Site`` (from
    ``Site Supervisor: Thomas Wright``) failed the record's supervisor. One word against a full name is a
    review; a full other name read by OCR still fails."""
    one = letter(0, fields={"supervisor_name": fv("Site", 0.97, "ocr")})
    assert _status([one], "letter.0.supervisor_name") == "review"
    other = letter(0, fields={"supervisor_name": fv("Robert Brown", 0.97, "ocr")})
    assert _status([other], "letter.0.supervisor_name") == "fail"


def test_only_the_composite_broken_in_a_zone_with_an_impossible_date_is_a_review_not_a_forgery_sign() -> None:
    """Blind case 805 of seed 6: a card's zone read at 0.00, holding an impossible expiry date, broke only its
    composite digit and failed the case as a forgery sign: the line was misread. A zone read cleanly whose
    composite alone is wrong stays a forgery sign (case 727: a forger's wrong composite digit, read at 0.59)."""
    def doc(warnings: list[str]) -> DocumentEvidence:
        d = passport(checks={"composite": False}, mrz_confidence=0.0)
        return DocumentEvidence(**{**d.__dict__, "extra": {"mrz_warnings": warnings}})

    c = check_case(record(), [doc(["impossible expiry date"])], POLICY, today=TODAY).get("passport.mrz.check_digits")
    assert c is not None and c.status == "review" and not c.forgery_sign, c
    c = check_case(record(), [doc([])], POLICY, today=TODAY).get("passport.mrz.check_digits")
    assert c is not None and c.status == "fail" and c.forgery_sign, c


def test_a_front_number_misread_while_the_cards_zone_carries_the_records_is_a_review() -> None:
    """Blind case 756 of seed 6: a card's front read ``1399-0101-42-345`` (a 1 read as 4, a group split) at 0.87
    failed the record, while its zone, composite digit holding, carries the record's number: the front was
    misread, review. A record number neither side carries still fails; so does a well-formed front number
    (a sure reading of another number: test_reader_noise, case 217)."""
    def card(zone_number: str, front: str = "1399-0101-42-345") -> DocumentEvidence:
        t = tazkira({"tazkira_number": fv(front, 0.87, "viz_latin")})
        return DocumentEvidence(**{**t.__dict__, "mrz_fields": {"tazkira_number": fv(zone_number, 0.9, "mrz")},
                                   "printed_fields": {"tazkira_number": fv(front, 0.87, "viz_latin")},
                                   "mrz_present": True, "mrz_confidence": 0.9,
                                   "mrz_checks": {"document_number": True, "date_of_birth": True,
                                                  "expiry_date": True, "composite": True}})

    assert _status([card("1399010112345")], "tazkira.tazkira_number") == "review"
    assert _status([card("1399010142345")], "tazkira.tazkira_number") == "fail"
    assert _status([card("1399010112345", "1399-0101-42345")], "tazkira.tazkira_number") == "fail"
