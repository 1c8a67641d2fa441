"""Field locating on SPECIMEN letters of several kinds (prose, label table, mixed), text layer and OCR."""

from __future__ import annotations

import pytest

from tests.core.letters.specimens import Specimen, draw_pdf, ocr_pages, render, text_layer_pages
from workstation.documents.letter import (
    LETTER_FIELDS,
    letter_extra_json,
    letter_fields_json,
    read_letter_pages,
)
from workstation.documents.letter_fields import match_label
from workstation.documents.letter_text import LetterPage

PROSE = Specimen(
    lines=[
        ("Kabul Logistics Services LLC", 18), ("House 12, Street 4, Wazir Akbar Khan, Kabul", 9), ("", 10),
        ("Date: 03/25/2014", 11), ("", 10), ("To Whom It May Concern", 11), ("", 8),
        ("This is to certify that Mr. Mohammad Nasir Ahmadzai, born on 21 March 1988, was employed by", 11),
        ("Kabul Logistics Services LLC as an Interpreter from 05/01/2010 to 08/31/2013. His direct", 11),
        ("supervisor was Mr. John Smith (john.smith@example.org, +93 700 123 456).", 11),
        ("Kabul Logistics is a subcontractor under prime contract W91B4N-10-C-0001, subcontract", 11),
        ("number KLS-2010-044. SPECIMEN letter for testing only.", 11),
        ("", 10), ("Sincerely,", 11), ("", 14), ("Sarah Jones", 11), ("HR Manager", 11),
    ],
    truth={
        "employee_name": "Mohammad Nasir Ahmadzai", "date_of_birth": "1988-03-21",
        "employer": "Kabul Logistics Services LLC", "position": "Interpreter", "start_date": "2010-05-01",
        "end_date": "2013-08-31", "supervisor_name": "John Smith",
        "supervisor_contact": "john.smith@example.org, +93 700 123 456", "contract_number": "KLS-2010-044",
        "prime_contract_number": "W91B4N-10-C-0001", "subcontract_number": "KLS-2010-044",
        "letter_date": "2014-03-25",
    },
)

TABLE = Specimen(
    lines=[
        ("GLOBAL SECURITY PARTNERS", 20), ("Kabul Office", 10), ("", 10),
        ("EMPLOYMENT VERIFICATION - SPECIMEN", 13), ("", 10),
        ("Employee Name:\tAhmad Zia Rahimi", 11),
        ("Date of Birth:\t1990-01-01", 11),
        ("Position/Title:\tSecurity Guard", 11),
        ("Dates of Employment:\t12 June 2012 - 30 April 2015", 11),
        ("Supervisor:\tMs. Karen Lee", 11),
        ("Supervisor Email:\tkaren.lee@example.com", 11),
        ("Contract Number:\tW52P1J-11-D-0012", 11),
        ("", 10), ("Issued on 2 May 2015 at Kabul.", 11), ("", 10),
        ("Respectfully,", 11), ("", 12), ("David Brown", 11), ("Country Director", 11),
    ],
    truth={
        "employee_name": "Ahmad Zia Rahimi", "date_of_birth": "1990-01-01", "employer": "GLOBAL SECURITY PARTNERS",
        "position": "Security Guard", "start_date": "2012-06-12", "end_date": "2015-04-30",
        "supervisor_name": "Karen Lee", "supervisor_contact": "karen.lee@example.com",
        "contract_number": "W52P1J-11-D-0012", "letter_date": "2015-05-02",
    },
)

SINCE = Specimen(
    lines=[
        ("Afghan Road Builders Company", 16), ("", 10), ("5 January 2016", 11), ("", 10),
        ("Subject: Employment letter (SPECIMEN)", 11), ("", 10),
        ("Mr. Abdul Ali has been working with Afghan Road Builders Company as a Driver since the 5th of", 11),
        ("March 2011 and is still employed with us under U.S. Government Contract No. AID-306-C-11-00007.", 11),
        ("I am his direct supervisor and can be reached at r.karimi@example.net or 0093 799 555 123.", 11),
        ("", 10), ("Best regards,", 11), ("", 12), ("Rahim Karimi", 11), ("Project Manager", 11),
    ],
    truth={
        "employee_name": "Abdul Ali", "employer": "Afghan Road Builders Company", "position": "Driver",
        "start_date": "2011-03-05", "end_date": "present", "supervisor_name": "Rahim Karimi",
        "supervisor_contact": "r.karimi@example.net, 0093 799 555 123", "contract_number": "AID-306-C-11-00007",
        "letter_date": "2016-01-05",
    },
)

TWO_PERIODS_AMBIGUOUS = Specimen(
    lines=[
        ("Helmand Engineering Group", 16), ("", 10), ("To whom it may concern", 11), ("", 10),
        ("We confirm that Mr. Gul Rahman worked for Helmand Engineering Group as an Interpreter from", 11),
        ("05/03/2010 to 04/06/2011, and as a Senior Interpreter from 07/01/2011 to 12/12/2012.", 11),
        ("He was dismissed after a polygraph examination. SPECIMEN.", 11),
        ("", 10), ("Sincerely,", 11), ("", 12), ("Nadia Stone", 11),
    ],
    truth={},
)


def _values(spec: Specimen, pages: list) -> dict[str, str]:  # type: ignore[type-arg]
    reading = read_letter_pages(pages)
    return {k: v["value"] for k, v in letter_fields_json(reading).items()}  # type: ignore[misc]


@pytest.mark.parametrize("spec", [PROSE, TABLE, SINCE], ids=["prose", "table", "since"])
def test_born_digital_fields(spec: Specimen) -> None:
    got = _values(spec, text_layer_pages(draw_pdf(spec)))
    for name, want in spec.truth.items():
        assert got.get(name) == want, name


def test_field_evidence_points_at_the_words() -> None:
    pages = text_layer_pages(draw_pdf(PROSE))
    reading = read_letter_pages(pages)
    f = reading.fields["employee_name"]
    assert f.source == "text_layer" and f.page == 1 and f.confidence > 0.9
    words = [w for w in pages[0].words if w.text.strip(",") in ("Mohammad", "Ahmadzai")]
    x0, y0, x1, y1 = f.bbox
    for w in words:
        assert x0 <= w.bbox[0] + 0.01 and w.bbox[2] <= x1 + 0.01 and y0 <= w.bbox[1] + 0.01 and w.bbox[3] <= y1 + 0.01
    out = letter_fields_json(reading)["employee_name"]
    assert set(out) == {"value", "confidence", "page", "bbox", "source"}


def test_signature_subcontractor_and_periods_are_reported() -> None:
    reading = read_letter_pages(text_layer_pages(draw_pdf(PROSE)))
    extra = letter_extra_json(reading)
    assert extra["signature_block"] is True and extra["subcontractor"] is True
    assert reading.value("signatory_name") == "Sarah Jones"
    assert len(reading.periods) == 1 and reading.periods[0].position is not None


def test_multiple_periods_red_flags_and_unsettled_dates() -> None:
    reading = read_letter_pages(text_layer_pages(draw_pdf(TWO_PERIODS_AMBIGUOUS)))
    assert len(reading.periods) == 2
    assert [p.position.value if p.position else None for p in reading.periods] == ["Interpreter", "Senior Interpreter"]
    first = reading.periods[0].start_date
    assert first is not None and first.ambiguous and set(first.candidates) == {"2010-03-05", "2010-05-03"}
    # 12/12/2012 is the same either way, and settles nothing: the ambiguous dates stay ambiguous
    assert reading.periods[1].end_date is not None and reading.periods[1].end_date.value == "2012-12-12"
    out = letter_fields_json(reading)
    assert out["start_date"]["ambiguous"] is True and "value" in out["start_date"]
    assert {f.phrase for f in reading.red_flags} >= {"dismissed", "polygraph"}
    assert any("not settled" in w for w in reading.warnings)
    assert any("red-flag" in w for w in reading.warnings)


def test_no_value_is_guessed_for_an_ambiguous_date() -> None:
    reading = read_letter_pages(text_layer_pages(draw_pdf(TWO_PERIODS_AMBIGUOUS)))
    for f in [reading.fields.get("start_date")] + [p.start_date for p in reading.periods]:
        assert f is not None and f.ambiguous and f.value == ""


@pytest.mark.parametrize(
    ("label", "key"),
    [("Employee Name", "employee_name"), ("Ernployee Narne", "employee_name"), ("Name of employee", "employee_name"),
     ("Full name", "employee_name"), ("Job title", "position"), ("Position/Title", "position"),
     ("Dates of employment", "dates"), ("Contract No.", "contract_number"), ("Subcontract No", "subcontract_number"),
     ("Prime Contract Number", "prime_contract_number"), ("Supervisor", "supervisor_name"),
     ("Date of Birth", "date_of_birth"), ("Dale of Birth", "date_of_birth"), ("Weather", None),
     # a signer's title, not the label "line manager" (case 46 of seed 6: the supervisor read "I")
     ("Site Manager", None), ("Iine Manager", "supervisor_name")],
)
def test_labels_are_matched_tolerantly(label: str, key: str | None) -> None:
    assert match_label(label) == key


def test_scanned_letter_is_read_by_ocr() -> None:
    pages = ocr_pages(render(draw_pdf(PROSE), dpi=200))
    reading = read_letter_pages(pages)
    got = {k: v["value"] for k, v in letter_fields_json(reading).items()}
    right = sum(got.get(k) == v for k, v in PROSE.truth.items())
    assert right >= len(PROSE.truth) - 1, got
    assert reading.fields["employee_name"].source == "ocr"
    assert 0 < reading.fields["employee_name"].confidence <= 1


def test_letter_fields_are_the_contract_names() -> None:
    assert LETTER_FIELDS == ("employee_name", "employer", "position", "start_date", "end_date", "supervisor_name",
                             "supervisor_contact", "contract_number", "letter_date")


@pytest.mark.parametrize(("written", "want"), [
    ("(e-mail: |.young@harbour-fs.example)", "l.young@harbour-fs.example"),  # "l" read as "|"
    ("(e-mail: |. young@harbour-fs.example)", "l.young@harbour-fs.example"),  # and split after the initial
    ("(e-mail: k. lee@harbour-fs.example)", "k.lee@harbour-fs.example"),
])
def test_ocr_misreads_of_an_address_initial_are_repaired(written: str, want: str) -> None:
    spec = Specimen(lines=[("Harbour Field Services Ltd", 16), ("", 10),
                           (f"His direct supervisor was Karen Lee, Project Manager {written}.", 11)])
    assert _values(spec, text_layer_pages(draw_pdf(spec))).get("supervisor_contact") == want


@pytest.mark.parametrize("junk", ["| ", "_ ", "[ "])
def test_table_border_junk_is_not_part_of_a_value(junk: str) -> None:
    spec = Specimen(lines=[("Harbour Field Services Ltd", 16), ("", 10),
                           (f"Employee Name:\t{junk}Zarif Khan Niazi |", 11), ("Position:\t_ Site Engineer", 11)])
    got = _values(spec, text_layer_pages(draw_pdf(spec)))
    assert got.get("employee_name") == "Zarif Khan Niazi" and got.get("position") == "Site Engineer"


def _dari_page(words: list[str]) -> list:  # type: ignore[type-arg]
    from workstation.documents.letter_text import SOURCE_TEXT_LAYER, LetterPage, LetterWord

    ws = tuple(LetterWord(t, (500.0 - 60 * i, 100.0, 550.0 - 60 * i, 120.0), 1.0, 1, SOURCE_TEXT_LAYER)
               for i, t in enumerate(words))
    return [LetterPage(1, 600.0, 800.0, ws, SOURCE_TEXT_LAYER)]


def test_a_text_layer_with_unmapped_glyphs_is_flagged() -> None:
    # Glyph numbers read as code points: Cyrillic and a Latin click letter inside Dari words (SPECIMEN).
    broken = read_letter_pages(_dari_page(["ﻗﻮﻡандﺍﻧﯽ", "ﻏǀ", "ﺍЦ", "ﻣﺸﺘﺮﮎ", "SPECIMEN"]))
    assert any("do not map" in w for w in broken.warnings)
    clean = read_letter_pages(_dari_page(["قوماندانی", "مشترک", "غلام", "SPECIMEN", "WAJLCD-11-C-3226"]))
    assert not any("do not map" in w for w in clean.warnings)


def test_a_contract_number_wrapped_in_its_table_cell_with_an_i_read_as_a_bar() -> None:
    from workstation.documents.letter_text import SOURCE_OCR, LetterPage, LetterWord

    rows = [  # (text, x0, y0): OCR words of a ruled period table (SPECIMEN)
        ("This", 60, 100), ("letter", 110, 100), ("confirms", 170, 100), ("that", 260, 100), ("Mr.", 310, 100),
        ("Shir", 350, 100), ("Ali", 400, 100), ("Durrani", 440, 100), ("was", 530, 100), ("employed:", 580, 100),
        ("Position", 60, 160), ("From", 250, 160), ("To", 450, 160), ("Contract", 650, 160), ("No.", 750, 160),
        ("Security", 60, 200), ("Guard", 150, 200), ("November", 250, 200), ("24,", 360, 200), ("2015", 400, 200),
        ("June", 450, 200), ("23,", 510, 200), ("2016", 550, 200), ("AID-306-", 650, 200),
        ("|-20-43752", 650, 230),
    ]
    words = tuple(LetterWord(t, (float(x), float(y), x + 11.0 * len(t), y + 20.0), 0.9, 1, SOURCE_OCR)
                  for t, x, y in rows)
    reading = read_letter_pages([LetterPage(1, 900.0, 1200.0, words, SOURCE_OCR)])
    assert reading.value("contract_number") == "AID-306-I-20-43752"
    assert reading.value("position") == "Security Guard" and reading.value("start_date") == "2015-11-24"


WRAPPED = Specimen(
    lines=[
        ("Pamir Construction Group", 18), ("", 10), ("Date: 14 July 2022", 11), ("", 8),
        ("This is to certify that Mr. Karim Kakar worked as an Interpreter from 22 May 2020 to 20 November", 11),
        ("2020 under contract number PAM-", 11),
        ("SUB-2022-518 with Pamir Construction Group. SPECIMEN letter for testing only.", 11),
        ("", 10), ("Sincerely,", 11), ("", 14), ("Lisa Young", 11), ("Site Manager", 11),
    ],
    truth={"contract_number": "PAM-SUB-2022-518"},
)


def test_contract_number_wrapped_after_a_hyphen_before_its_letters_is_read_whole() -> None:
    """``PAM-`` / ``SUB-2022-518``: the part before the line break has no digit of its own."""
    reading = read_letter_pages(text_layer_pages(draw_pdf(WRAPPED)))
    assert reading.value("contract_number") == "PAM-SUB-2022-518"


def test_a_contract_number_in_parentheses_after_its_label() -> None:
    """A Dari sentence puts the prime contract number in parentheses after its label, and OCR's logical
    order leaves the opening one before the number (``(قرارداد اصلی شماره (SAQMMA21C1998``): the number
    is still the label's (case 106 of seed 6 had no prime contract number, so a subcontractor letter
    lacking it went to review); the same in English."""
    from workstation.documents.letter_fields import _CONTRACT_RE

    for text, number in (("به حیث قراردادی فرعی Northgate (قرارداد اصلی شماره (SAQMMA21C1998 انجام داده است",
                          "SAQMMA21C1998"),
                         ("under prime contract (W91B4N-10-C-0001) as a subcontractor", "W91B4N-10-C-0001")):
        m = _CONTRACT_RE.search(text)
        assert m is not None and m.group("num") == number


def test_print_running_down_the_page_does_not_join_a_wrapped_number() -> None:
    """A banner's vertical print, read letter by letter as junk (``iS``: a box one character wide and
    several tall), sat at the height of the line after ``WD3G66-05-`` and became the number's end
    (``WD3G66-05-iS``, a false contract-number fail: case 46 of seed 6). It is not a word of the page."""
    from workstation.documents.letter_text import SOURCE_OCR, LetterPage, LetterText, LetterWord

    rows = [  # (text, x0, y0): OCR words of a prose letter (SPECIMEN), 20 px print
        ("worked", 500, 1138), ("as", 650, 1138), ("Warehouse", 702, 1138), ("Clerk", 940, 1138),
        ("under", 1060, 1138), ("contract", 1180, 1138), ("number", 1350, 1138), ("WD3G66-05-", 1500, 1138),
        ("F-6804.", 500, 1195), ("He", 660, 1195), ("often", 720, 1195), ("worked", 830, 1195), ("hard.", 980, 1195),
    ]
    words = [LetterWord(t, (float(x), float(y), x + 17.0 * len(t), y + 35.0), 0.93, 1, SOURCE_OCR, (11, 1, y))
             for t, x, y in rows]
    junk = LetterWord("iS", (178.0, 1167.0, 197.0, 1222.0), 0.38, 1, SOURCE_OCR, (3, 1, 1))
    page = LetterPage(1, 2900.0, 4000.0, (*words, junk), SOURCE_OCR)
    reading = read_letter_pages([page])
    assert reading.value("contract_number") == "WD3G66-05-F-6804"
    assert "iS" not in LetterText([page]).text
    # a page read with its lines running down (not turned) keeps its words: they are all upright
    tall = tuple(LetterWord(w.text, (w.bbox[0], w.bbox[1], w.bbox[0] + 30.0, w.bbox[1] + 17.0 * len(w.text)),
                            w.confidence, 1, SOURCE_OCR, w.line_key) for w in words)
    assert "Warehouse" in LetterText([LetterPage(1, 2900.0, 4000.0, tall, SOURCE_OCR)]).text


def _dari_letter(head_conf: float, body_conf: float) -> list[LetterPage]:
    """OCR words of a Dari letter (SPECIMEN) naming its organisation in the letterhead and in the body,
    the body's last name word misread by one letter (``نورنگیت``), each at the given confidence."""
    from workstation.documents.letter_text import SOURCE_OCR, LetterPage, LetterWord

    def line(texts: list[str], y: float, h: float, confs: dict[str, float], key: int) -> list[LetterWord]:
        out, x = [], 2600.0
        for t in texts:  # right to left
            w = 22.0 * len(t) * h / 40
            out.append(LetterWord(t, (x - w, y, x, y + h), confs.get(t, 0.9), 1, SOURCE_OCR, (key, 1, 1)))
            x -= w + 20
        return out

    words = line(["شرکت", "خدمات", "لوژستیکی", "نورتگیت"], 440.0, 60.0, {"نورتگیت": head_conf}, 1)
    words += line(["بدینوسیله", "تصدیق", "می‌گردد", "که", "محترم", "نظری", "فرزند", "محمد", "ابراهیم", "به", "حیث",
                   "محافظ", "امنیتی"], 900.0, 40.0, {}, 2)
    words += line(["در", "شرکت", "خدمات", "لوژستیکی", "نورنگیت", "ایفای", "وظیفه", "نموده", "است."], 980.0, 40.0,
                  {"نورنگیت": body_conf}, 3)
    return [LetterPage(1, 2700.0, 3500.0, tuple(words), SOURCE_OCR)]


def test_a_one_letter_slip_in_the_body_employer_is_mended_from_the_letterhead() -> None:
    """The body read ``نورنگیت`` (0.75) where the letterhead read ``نورتگیت`` (0.82): the same organisation,
    one letter apart, so the employer takes the surer reading of that word (case 107 of seed 6 was a
    review where the letter agreed with the record). When the body's word is the surer, it stays."""
    mended = read_letter_pages(_dari_letter(0.82, 0.75))
    assert mended.value("letterhead_organisation") == "شرکت خدمات لوژستیکی نورتگیت"
    assert mended.value("employer") == "شرکت خدمات لوژستیکی نورتگیت"
    assert read_letter_pages(_dari_letter(0.70, 0.85)).value("employer") == "شرکت خدمات لوژستیکی نورنگیت"


def test_a_tall_label_cell_is_not_the_letterhead() -> None:
    """On a photographed table letter (no salutation) rule remnants made the ``[Employer`` label cell's box
    twice the print's height, the tallest line above the body, so the letterhead organisation and the
    employer read ``Employer`` (case 7 of seed 6). A field label is never the organisation's name."""
    from workstation.documents.letter_text import SOURCE_OCR, LetterWord

    rows = [  # (text, x0, y0, height): OCR words of a table-form letter (SPECIMEN)
        ("Northgate", 520, 530, 26), ("Logistics", 640, 530, 26), ("Services", 760, 530, 26), ("LLC", 880, 530, 26),
        ("EMPLOYMENT", 560, 590, 22), ("VERIFICATION", 720, 590, 22), ("Date:", 270, 650, 19), ("25/08/2025", 330, 650, 19),
        ("Employee", 270, 700, 19), ("Name", 380, 700, 19), ("Ahmad", 608, 700, 19), ("Faizi", 685, 700, 19),
        ("[Employer", 271, 785, 44), ("Northgate", 608, 800, 19), ("Logistics", 709, 800, 19), ("Services", 801, 800, 19),
        ("LLC", 888, 800, 19), ("Position", 272, 850, 19), ("Finance", 608, 850, 19), ("Officer", 689, 850, 19),
        ("Start", 283, 894, 19), ("Date", 340, 894, 19), ("13/04/2020", 611, 894, 19),
        ("End", 283, 940, 19), ("Date", 333, 940, 19), ("11/03/2024", 612, 940, 19),
        ("Supervisor", 283, 990, 19), ("Farhad", 610, 990, 19), ("Noori", 680, 990, 19),
        *((w, 283 + 110 * i, 1100 + 45 * n, 19) for n in range(14)
          for i, w in enumerate(("We", "certify", "the", "information", "above."))),
    ]
    # Tesseract's lines: the label column and the value column are blocks of their own
    words = tuple(LetterWord(t, (float(x), float(y), x + 11.0 * len(t), float(y + h)), 0.9, 1, SOURCE_OCR,
                             (8 if y < 700 or y > 1050 else 4 if x < 600 else 12, 1, y))
                  for t, x, y, h in rows)
    reading = read_letter_pages([LetterPage(1, 1734.0, 2245.0, words, SOURCE_OCR)])
    assert reading.value("letterhead_organisation") == "Northgate Logistics Services LLC"
    assert reading.value("employer") == "Northgate Logistics Services LLC"


def test_a_supervisor_title_run_into_the_name_is_not_part_of_it() -> None:
    """Case 449 of seed 6: OCR lost the comma of "Farhad Noori, Contracting Officer's Representative" and the
    name took the title in (a review: "part not on the record")."""
    spec = Specimen(
        lines=[
            ("Blue Ridge Language Solutions Inc.", 16), ("", 10), ("Date: 12 September 2021", 11), ("", 10),
            ("This is to certify that Mr. Najibullah Azizi worked as Electrician from 14 December 2009 to", 11),
            ("12 June 2013 under contract number SAQMMA12F3027. SPECIMEN letter for testing only.", 11),
            ("His direct supervisor was Farhad Noori Contracting Officer's Representative (e-mail:", 11),
            ("fnoori@blueridge-lang.example).", 11),
            ("", 10), ("Sincerely,", 11), ("", 14), ("Lisa Young", 11), ("Country Director", 11),
        ],
        truth={},
    )
    reading = read_letter_pages(text_layer_pages(draw_pdf(spec)))
    assert reading.value("supervisor_name") == "Farhad Noori"


def test_a_number_after_a_damaged_prime_label_is_the_primes_not_the_letters() -> None:
    """A stamp over a line's end left ``prime contract`` read ``prim me ~ contract`` (blind case 561):
    its number is the prime contract's, never the subcontractor letter's own (a false contract-number
    fail against the record's subcontract number)."""
    lines = [
        ("Silk Route Security Services", 16), ("Airport Road, Kandahar", 10), ("", 10),
        ("30 September 2025", 11), ("", 10),
        ("This letter confirms that Mr. Abdul Ali was employed by Silk Route Security Services", 11),
        ("as a Linguist from 25 August 2021 to 22 July 2024.", 11),
        ("Subcontract under prime contractor Northgate Logistics Services LLC, prim me", 11),
        ("~ contract AID-306-I-12-40983. SPECIMEN letter for testing only.", 11),
        ("", 10), ("Regards,", 11), ("", 14), ("Michael Harris", 11), ("Site Manager", 11),
    ]
    reading = read_letter_pages(text_layer_pages(draw_pdf(Specimen(lines=lines, truth={}))))
    assert reading.value("prime_contract_number") == "AID-306-I-12-40983"
    assert reading.value("contract_number") is None
    # the label undamaged, or a plain contract number, as before
    lines[8] = ("contract AID-306-I-12-40983 was the prime. SPECIMEN letter for testing only.", 11)
    lines[7] = ("Subcontract under Northgate Logistics Services LLC, under", 11)
    reading = read_letter_pages(text_layer_pages(draw_pdf(Specimen(lines=lines, truth={}))))
    assert reading.value("contract_number") == "AID-306-I-12-40983"


@pytest.mark.parametrize(
    ("read", "number"),
    [
        ("SAQMMAO08D4645", "SAQMMA08D4645"),  # case 571 of seed 6: the fiscal year's 0 read as "O0"
        ("SAQMMAO09C5150", "SAQMMA09C5150"),  # case 300
        ("W91B4NO09C0001", "W91B4N09C0001"),
        ("SAQMMA08D4645", "SAQMMA08D4645"),  # read right: unchanged
        ("SAQMMAO18D4645", "SAQMMAO18D4645"),  # no zero after the O: not this slip, left as read
        ("PAM-SUB-2008-991", "PAM-SUB-2008-991"),
    ],
)
def test_a_contract_numbers_zero_read_twice_is_one_zero(read: str, number: str) -> None:
    from workstation.documents.letter_fields import _norm_contract

    assert _norm_contract(read) == number
