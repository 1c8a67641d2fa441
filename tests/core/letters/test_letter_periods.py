"""Employment periods read as units (each its own dates, position and contract number) and signature blocks.

SPECIMEN letters in several hands: prose that moves on with "He then ...", a form with numbered labels
(one of them lost, as OCR loses a label), a form without numbers, a bulleted list, and sign-offs
with and without a closing.
"""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from tests.core.letters.specimens import Specimen, draw_pdf, text_layer_pages
from workstation.config import WorkstationConfig
from workstation.documents.letter import letter_extra_json, read_letter_pages
from workstation.documents.letter_fields import LetterPeriod, label_group
from workstation.documents.letter_text import SOURCE_OCR, LetterPage, LetterText, LetterWord


def _periods(spec: Specimen) -> list[tuple[str | None, ...]]:
    reading = read_letter_pages(text_layer_pages(draw_pdf(spec)))
    return [_row(p) for p in reading.periods]


def _row(p: LetterPeriod) -> tuple[str | None, ...]:
    return tuple(f.value if f is not None else None for f in (p.start_date, p.end_date, p.position, p.contract_number))


PROSE_TWO = Specimen(lines=[
    ("Amu Darya Freight Company", 18), ("", 10), ("Date: 9 October 2016", 11), ("", 8),
    ("To Whom It May Concern", 11), ("", 6),
    ("Mr. Farid Amin served with our company in two assignments. From 3 January 2011 until", 11),
    ("30 June 2012 he was employed as a Driver under contract W91B4N-11-C-0101. He then", 11),
    ("served as Logistics Assistant from 15 July 2012 to 1 March 2014 (contract no.", 11),
    ("W91B4N-12-C-0202). SPECIMEN letter for testing only.", 11),
    ("", 10), ("Yours faithfully,", 11), ("", 14), ("Nadia Rahimi", 11), ("Operations Manager", 11),
])


def test_each_prose_period_keeps_its_own_end_position_and_contract() -> None:
    assert _periods(PROSE_TWO) == [
        ("2011-01-03", "2012-06-30", "Driver", "W91B4N-11-C-0101"),
        ("2012-07-15", "2014-03-01", "Logistics Assistant", "W91B4N-12-C-0202"),
    ]


def test_a_number_stated_for_one_period_is_not_given_to_the_others() -> None:
    spec = Specimen(lines=[
        ("Kandahar Field Services", 18), ("", 10),
        ("This certifies that Ms. Laila Noori worked as a Cook from 2 April 2009 to 28 February 2010.", 11),
        ("Thereafter she worked as Head Cook from 1 March 2010 to 30 May 2013 under contract", 11),
        ("number KFS-SUB-2010-077. SPECIMEN.", 11),
        ("", 10), ("Sincerely,", 11), ("", 14), ("Omar Zahid", 11),
    ])
    assert _periods(spec) == [
        ("2009-04-02", "2010-02-28", "Cook", None),
        ("2010-03-01", "2013-05-30", "Head Cook", "KFS-SUB-2010-077"),
    ]


NUMBERED_FORM_LINES = [
    ("Helmand Engineering Partners", 16), ("", 10), ("EMPLOYMENT RECORD - SPECIMEN", 12), ("", 8),
    ("Employee Name:\tRahim Gul Safi", 11),
    ("Position (1):\tSurveyor", 11),
    ("Start Date (1):\t14 May 2008", 11),
    ("End Date (1):\t30 September 2009", 11),
    ("Contract Number (1):\tHEP-2008-0113", 11),
    ("Position (2):\tSite Engineer", 11),
    ("Start Date (2):\t1 October 2009", 11),
    ("End Date (2):\t31 December 2012", 11),
    ("Contract Number (2):\tHEP-2009-0421", 11),
    ("", 10), ("Hamid Sultani", 11), ("Human Resources Officer", 11),
]


def test_numbered_form_periods() -> None:
    assert _periods(Specimen(lines=NUMBERED_FORM_LINES)) == [
        ("2008-05-14", "2009-09-30", "Surveyor", "HEP-2008-0113"),
        ("2009-10-01", "2012-12-31", "Site Engineer", "HEP-2009-0421"),
    ]


def test_a_numbered_contract_label_without_a_colon_or_column_names_its_period() -> None:
    """``Contract Number (1) HEP-...`` run into its value (OCR closed the gap) after a paragraph gap (which
    alone would say the number leads into the next period): its label still names period 1."""
    lines: list[tuple[str, float]] = []
    for t, z in NUMBERED_FORM_LINES:
        if t.startswith("Contract"):
            lines += [("", 16), (t.replace("):\t", ") "), z)]
        else:
            lines.append((t, z))
    got = _periods(Specimen(lines=lines))
    assert [c for *_, c in got] == ["HEP-2008-0113", "HEP-2009-0421"]


@pytest.mark.parametrize("lost", ["End Date (1)", "Position (1)", "Start Date (2)"])
def test_a_lost_label_leaves_its_own_slot_empty_and_shifts_nothing(lost: str) -> None:
    """OCR that loses one label must not move the next period's value into the slot (the later end date
    reported for the first period too)."""
    spec = Specimen(lines=[ln for ln in NUMBERED_FORM_LINES if not ln[0].startswith(lost)])
    want = [["2008-05-14", "2009-09-30", "Surveyor", "HEP-2008-0113"],
            ["2009-10-01", "2012-12-31", "Site Engineer", "HEP-2009-0421"]]
    k, slot = {"End Date (1)": (0, 1), "Position (1)": (0, 2), "Start Date (2)": (1, 0)}[lost]
    want[k][slot] = None
    assert _periods(spec) == [tuple(w) for w in want]


def test_form_periods_without_numbers_are_grouped_by_repeated_labels() -> None:
    spec = Specimen(lines=[
        ("Bamyan Road Builders", 16), ("", 10),
        ("Name:\tSakina Jafari", 11),
        ("Job Title:\tTranslator", 11), ("From:\t02/03/2013", 11), ("To:\t02/28/2014", 11),
        ("Job Title:\tSenior Translator", 11), ("From:\t03/15/2014", 11), ("To:\tPresent", 11),
        ("", 10), ("Regards,", 11), ("", 14), ("Peter Hall", 11), ("SPECIMEN", 9),
    ])
    assert _periods(spec) == [
        ("2013-02-03", "2014-02-28", "Translator", None),
        ("2014-03-15", "present", "Senior Translator", None),
    ]


def test_bulleted_periods_take_the_number_on_their_own_line() -> None:
    spec = Specimen(lines=[
        ("Salang Security Group", 16), ("", 10),
        ("This is to confirm the service of Mr. Najib Wardak (SPECIMEN):", 11),
        ("- Guard, 5 May 2010 to 4 May 2011, contract SSG-2010-301", 11),
        ("- Shift Leader, 5 May 2011 to 20 August 2014, contract SSG-2011-577", 11),
        ("", 10), ("Sincerely,", 11), ("", 14), ("Karen Lee", 11), ("Country Director", 11),
    ])
    got = _periods(spec)
    assert [(s, e, c) for s, e, _, c in got] == [("2010-05-05", "2011-05-04", "SSG-2010-301"),
                                                  ("2011-05-05", "2014-08-20", "SSG-2011-577")]


def test_period_contract_numbers_are_in_the_json() -> None:
    reading = read_letter_pages(text_layer_pages(draw_pdf(PROSE_TWO)))
    periods = letter_extra_json(reading)["periods"]
    assert isinstance(periods, list)
    assert [p["contract_number"]["value"] for p in periods] == ["W91B4N-11-C-0101", "W91B4N-12-C-0202"]


@pytest.mark.parametrize(("label", "number"), [("Start Date (2)", 2), ("End Date (l):", 1), ("Contract No. #3", 3),
                                               ("Position", None), ("Contract No.", None)])
def test_label_group(label: str, number: int | None) -> None:
    assert label_group(label) == number


# ---- signature blocks ------------------------------------------------------------------------


BODY = [("Karez Development Agency", 16), ("", 10), ("Date: 12 June 2019", 11), ("", 8),
        ("This is to certify that Mr. Jawad Hakimi worked as a Field Monitor from 1 March 2015", 11),
        ("to 31 May 2019 under contract number AID-306-A-15-00042. SPECIMEN letter for testing only.", 11)]


@pytest.mark.parametrize(("ending", "signer"), [
    ([("", 30), ("ZARGHONA WALI", 11), ("Program Director", 11)], "ZARGHONA WALI"),  # a memorandum: no closing
    ([("", 12), ("We certify that the information above is true and correct.", 11), ("", 26),
      ("Laura Bennett", 11), ("HR Officer", 11)], "Laura Bennett"),  # a form
    ([("", 12), ("Sincerly,", 11), ("", 14), ("Dr. Ahmad Karimi", 11)], "Ahmad Karimi"),  # closing misread
    ([("", 12), ("Signature: ____________", 11), ("Name: Habib Rahman", 11)], "Habib Rahman"),
    ([("", 30), ("Mariam Sadat, Country Representative", 11)], "Mariam Sadat"),  # name and title on one line
])
def test_signature_blocks_in_several_hands(ending: list[tuple[str, float]], signer: str) -> None:
    reading = read_letter_pages(text_layer_pages(draw_pdf(Specimen(lines=BODY + ending))))
    assert reading.signature_block is True
    assert reading.value("signatory_name") == signer


def test_a_letter_that_ends_with_its_body_has_no_signature_block() -> None:
    spec = Specimen(lines=BODY + [("", 12), ("Please contact our office should you need further information.", 11),
                                  ("", 40), ("Street 3, Karte Parwan, Kabul  |  www.karez.example  |  +93 700 555 010", 8)])
    reading = read_letter_pages(text_layer_pages(draw_pdf(spec)))
    assert reading.signature_block is False and reading.value("signatory_name") is None


# ---- OCR specks and line height ------------------------------------------------------------------


def test_ocr_specks_do_not_turn_word_gaps_into_columns() -> None:
    """A 3-pixel speck read as '.' must not make the line look tiny (every word gap a tab)."""
    words = [(".", 40, 118, 43, 121)] + [(t, 60 + 90 * i, 100, 60 + 90 * i + 75, 128)
                                         for i, t in enumerate(["worked", "as", "Driver", "from", "2011"])]
    lw = tuple(LetterWord(t, (float(a), float(b), float(c), float(d)), 0.9, 1, SOURCE_OCR, (1, 1, 1))
               for t, a, b, c, d in words)
    lt = LetterText([LetterPage(1, 1000.0, 1400.0, lw, SOURCE_OCR)])
    assert "\t" not in lt.text and "worked as Driver from 2011" in lt.text


# ---- the read_document pipeline reads a Dari text layer as read_letter does -------------------------


def test_read_document_reads_an_unmapped_dari_text_layer_like_read_letter(tmp_path: Path,
                                                                          config: WorkstationConfig) -> None:
    from tests.synth import letters, people
    from workstation.documents.letter import page_from_text_layer, read_letter
    from workstation.documents.letter_glyphs import broken_tokens
    from workstation.documents.reading import read_document
    from workstation.intake import IntakeOptions, load_bytes
    from workstation.ocr import get_engine

    rng = random.Random(3)
    pdf, _ = letters.make_letter(rng, people.make_person(rng, "P0"), layout="dari")
    source = load_bytes(pdf, "dari.pdf", IntakeOptions.from_config(config))
    assert broken_tokens(page_from_text_layer(source.pages[0])) >= 1  # the generator's fonts leave glyphs unmapped
    direct = read_letter(source, config, get_engine(config))
    f = tmp_path / "dari.pdf"
    f.write_bytes(pdf)
    doc = read_document(f, config, kind="employment_letter")
    assert any("read by OCR" in w for w in doc.warnings)
    got = {k: v.value for k, v in doc.fields.items()}
    want = {k: v.value for k, v in direct.fields.items()}
    assert got == want and got.get("start_date")


@pytest.mark.parametrize(("printed", "want"), [
    ("SAQMMAO7C0061", "SAQMMA07C0061"),  # O in the fiscal-year slot of a PIID
    ("W91B4N-1O-C-OO21", "W91B4N-10-C-0021"),
    ("AID-306-1-05-30347", "AID-306-I-05-30347"),  # a 1 in USAID's type slot
    ("WORAAY-08-F-7776", "WORAAY-08-F-7776"),  # the activity code may hold either: left as read
    ("KLS-SUB-2010-O44", "KLS-SUB-2010-O44"),  # no known format: left as read
])
def test_letter_digit_confusions_are_undone_only_where_the_number_format_allows_one(printed: str, want: str) -> None:
    spec = Specimen(lines=[("Paktia Services Ltd", 16), ("", 10),
                           (f"Mr. Nabi Jan worked as a Clerk from 1 May 2010 to 2 June 2012 under contract number {printed}.",
                            10), ("SPECIMEN", 9)])
    reading = read_letter_pages(text_layer_pages(draw_pdf(spec)))
    assert reading.value("contract_number") == want


def _ocr_line(words: list[str], rtl: bool) -> LetterPage:
    n = len(words)
    boxes = [(900.0 - 110 * i, 100.0, 990.0 - 110 * i, 128.0) if rtl else (60.0 + 110 * i, 100.0, 150.0 + 110 * i, 128.0)
             for i in range(n)]
    lw = tuple(LetterWord(t, b, 0.9, 1, SOURCE_OCR, (1, 1, 1)) for t, b in zip(words, boxes, strict=True))
    return LetterPage(1, 1100.0, 1400.0, lw, SOURCE_OCR)


def test_persian_digits_read_by_ocr_go_to_review_not_to_a_confident_date() -> None:
    """Tesseract's fas model misreads Persian digits at high confidence: such a date is capped below the
    checks' review threshold; the same date in Latin digits keeps OCR's confidence (SPECIMEN words)."""
    dari = read_letter_pages([_ocr_line(["از", "تاریخ", "۱۳۹۶/۰۱/۲۳", "الی", "۱۳۹۹/۰۹/۱۹", "به", "حیث", "راننده"], True)])
    assert dari.periods and dari.periods[0].start_date is not None
    assert dari.periods[0].start_date.value == "2017-04-12" and dari.periods[0].start_date.confidence <= 0.5
    latin = read_letter_pages([_ocr_line(["worked", "as", "Driver", "from", "12", "April", "2017", "to", "9", "December",
                                         "2020."], False)])
    assert latin.periods and latin.periods[0].start_date is not None and latin.periods[0].start_date.confidence > 0.6


def _line(y: float, *words: tuple[str, float, float]) -> list[LetterWord]:
    return [LetterWord(t, (x0, y, x1, y + 51.0), 1.0, 1, "text_layer") for t, x0, x1 in words]


def test_a_sentence_under_a_table_is_not_read_into_its_last_row() -> None:
    """A period table (text layer, cells wrapping a number at its hyphen) followed by a sentence whose
    words start just right of the column edges, none straddling one: the sentence is prose, not the
    last row's cells. Its ``Subcontract`` had made the last number ``PAM-SUB-2017-040S`` (case 119)."""
    words = [
        *_line(565, ("This", 279, 360), ("letter", 371, 465), ("confirms", 477, 640), ("that", 651, 720),
               ("Mr.", 731, 796), ("Andar", 808, 930), ("was", 940, 1010), ("employed:", 1020, 1200)),
        *_line(786, ("Position", 294, 451), ("From", 631, 739), ("To", 938, 987), ("Contract", 1314, 1490),
               ("No.", 1502, 1569)),
        *_line(873, ("Security", 294, 446), ("Guard", 458, 572), ("31", 631, 676), ("May", 688, 772),
               ("2006", 783, 875), ("29", 938, 984), ("December", 995, 1184), ("2007", 1195, 1287),
               ("PAM-", 1314, 1400)),
        *_line(933, ("SUB-2018-692", 1314, 1595)),
        *_line(1020, ("Finance", 294, 439), ("Officer", 450, 581), ("8", 631, 653), ("August", 665, 797),
               ("2010", 809, 900), ("6", 938, 961), ("August", 973, 1105), ("2013", 1116, 1208), ("PAM-", 1314, 1400)),
        *_line(1080, ("SUB-2017-040", 1314, 1595)),
        *_line(1153, ("Subcontract", 279, 497), ("under", 509, 613), ("prime", 625, 731), ("contractor", 743, 929),
               ("Northgate", 940, 1123), ("Logistics", 1135, 1303), ("Services", 1314, 1469), ("LLC,", 1481, 1579),
               ("prime", 1590, 1690), ("contract", 1700, 1855)),
        *_line(1213, ("SAQMMA20F4148.", 279, 659)),
        *_line(1300, ("Regards,", 279, 440)),
    ]
    reading = read_letter_pages([LetterPage(1, 2480.0, 3508.0, tuple(words), "text_layer")])
    assert [_row(p) for p in reading.periods] == [
        ("2006-05-31", "2007-12-29", "Security Guard", "PAM-SUB-2018-692"),
        ("2010-08-08", "2013-08-06", "Finance Officer", "PAM-SUB-2017-040"),
    ]


def test_table_rules_read_into_the_header_and_between_two_cells_are_not_text() -> None:
    """A photographed period table (case 300): OCR read the rules as ``|`` and ``'`` before the
    header labels and glued the start date's year to the end date's day across a rule ("2018/6");
    the end date and contract number wrap in their cells. The row is still read cell by cell."""
    h = 20.0

    def line(y: float, *words: tuple[str, float, float]) -> list[LetterWord]:
        return [LetterWord(t, (x0, y, x1, y + h), 0.9, 1, SOURCE_OCR) for t, x0, x1 in words]

    words = [
        *line(380, ("following", 114, 229), ("position(s):", 241, 384)),
        *line(430, ("|Position", 113, 240), ("|From", 445, 527), ("\u2018To", 639, 679), ("|Contract", 858, 993),
              ("No.", 1004, 1050)),
        *line(490, ("Administrative", 122, 311), ("Assistant", 321, 439), ("8", 450, 469), ("March", 481, 556),
              ("2018/6", 568, 663), ("October", 674, 778), ("W6EUWJ-22-", 867, 1028)),
        *line(520, ("2018", 649, 713), ("D-0910", 868, 974)),
        *line(580, ("Regards,", 117, 227)),
    ]
    reading = read_letter_pages([LetterPage(1, 1275.0, 1650.0, tuple(words), SOURCE_OCR)])
    assert [_row(p) for p in reading.periods] == [
        ("2018-03-08", "2018-10-06", "Administrative Assistant", "W6EUWJ-22-D-0910"),
    ]


def test_a_date_written_with_slashes_inside_one_cell_is_not_split() -> None:
    h = 20.0

    def line(y: float, *words: tuple[str, float, float]) -> list[LetterWord]:
        return [LetterWord(t, (x0, y, x1, y + h), 0.9, 1, SOURCE_OCR) for t, x0, x1 in words]

    words = [
        *line(430, ("Position", 113, 240), ("From", 445, 527), ("To", 639, 679), ("Contract", 858, 993),
              ("No.", 1004, 1050)),
        *line(490, ("Driver", 122, 220), ("15/03/2018", 450, 600), ("16/10/2018", 645, 790), ("W6EUWJ-22-D-0910", 867, 1100)),
        *line(580, ("Regards,", 117, 227)),
    ]
    reading = read_letter_pages([LetterPage(1, 1275.0, 1650.0, tuple(words), SOURCE_OCR)])
    assert [_row(p)[0:3] for p in reading.periods] == [("2018-03-15", "2018-10-16", "Driver")]


def test_a_cell_running_a_few_pixels_past_the_next_header_is_still_a_table_row() -> None:
    """Case 156 of seed 6 (a tilted photo): ``11/15/2006`` in the From column ends 4 px right of where the To
    header starts; that was read as a line straddling a column edge (prose), and the table had no rows."""
    h = 21.0

    def line(y: float, *words: tuple[str, float, float]) -> list[LetterWord]:
        return [LetterWord(t, (x0, y, x1, y + h), 0.9, 1, SOURCE_OCR) for t, x0, x1 in words]

    words = [
        *line(400, ("\u2018Position", 121, 248), ("From", 283, 359), ("To", 439, 481), ("\u2018Contract", 604, 740),
              ("No.", 751, 797)),
        *line(440, ("Translator", 128, 268), ("11/15/2006", 285, 440), ("10/14/2009", 450, 597),
              ("SAQMMA06C0254", 613, 862)),
        *line(480, ("Supervisor:", 122, 272), ("Michael", 283, 389), ("Harris", 398, 482)),
    ]
    reading = read_letter_pages([LetterPage(1, 1275.0, 1650.0, tuple(words), SOURCE_OCR)])
    assert [_row(p) for p in reading.periods] == [("2006-11-15", "2009-10-14", "Translator", "SAQMMA06C0254")]


def _table_page(*lines: tuple[float, tuple[tuple[str, float, float], ...]], h: float = 20.0,
                tall: tuple[str, ...] = ()) -> LetterPage:
    """OCR words of a ruled SPECIMEN period table: per line its top and (text, x0, x1); a word in
    ``tall`` has a box that took in the cell's rules (twice the line's height, reaching the rules)."""
    words = []
    for y, ws in lines:
        for t, x0, x1 in ws:
            box = (x0 - 10.0, y - 12.0, x1 + 10.0, y + h + 12.0) if t in tall else (x0, y, x1, y + h)
            words.append(LetterWord(t, box, 0.9, 1, SOURCE_OCR))
    return LetterPage(1, 1275.0, 1650.0, tuple(words), SOURCE_OCR)


_INTRO = (
    (100.0, (("01/13/2022", 120, 230),)),
    (160.0, (("This", 120, 160), ("letter", 168, 220), ("confirms", 228, 310), ("that", 318, 352),
             ("Ms.", 360, 392), ("Shakila", 400, 470), ("was", 478, 510), ("employed:", 518, 610))),
)


def test_a_date_cell_with_a_rule_glued_to_it_is_read_and_its_order_settled_by_the_letter() -> None:
    """Case 147 of seed 6: ``|.06/02/2010|`` (both rules glued to the date) reached into the next column
    and stopped the table; a cell's date alone shows no day/month order, the letter's other dates do."""
    page = _table_page(*_INTRO,
                       (220.0, (("|", 110, 114), ("Position", 120, 200), ("|", 300, 304), ("From", 310, 360),
                                ("|", 440, 444), ("To", 450, 475), ("|", 560, 564), ("Contract", 570, 650),
                                ("No.", 658, 690))),
                       (260.0, (("Linguist", 124, 200), ("|.06/02/2010|", 299, 447), ("12/01/2011", 452, 552),
                                ("WO2FND-08-C-0388", 572, 760))),
                       (300.0, (("Logistics", 121, 205), ("Assistant", 212, 290), ("02/27/2012", 312, 420),
                                ("06/27/2015", 452, 556), ("W8BWY7-15-D-6675", 571, 770))))
    reading = read_letter_pages([page])
    assert [_row(p) for p in reading.periods] == [
        ("2010-06-02", "2011-12-01", "Linguist", "WO2FND-08-C-0388"),
        ("2012-02-27", "2015-06-27", "Logistics Assistant", "W8BWY7-15-D-6675"),
    ]


def test_a_date_whose_words_sit_a_pixel_apart_reads_in_order() -> None:
    """Case 51: "June" sat a pixel lower than "2016" and the cell read ``8 2016 June`` (no date)."""
    page = _table_page(*_INTRO,
                       (220.0, (("Position", 120, 200), ("From", 380, 430), ("To", 550, 575),
                                ("Contract", 800, 880), ("No.", 888, 920))),
                       (260.0, (("Logistics", 121, 205), ("Assistant", 212, 290), ("8", 381, 392))),
                       (261.0, (("June", 398, 440),)),
                       (259.0, (("2016", 448, 490), ("6", 551, 562))),
                       (262.0, (("September", 570, 680),)),
                       (292.0, (("2018", 551, 593),)))
    reading = read_letter_pages([page])
    assert [_row(p)[:3] for p in reading.periods] == [("2016-06-08", "2018-09-06", "Logistics Assistant")]


def test_a_rule_read_as_a_colon_in_the_header_is_no_column() -> None:
    """Case 277: the rule between "To" and "Contract No." read as ``:`` made a column edge that the end
    date's "October" crossed, and the row was taken for prose."""
    page = _table_page(*_INTRO,
                       (220.0, (("Position", 120, 200), ("From", 300, 350), ("To", 470, 495), (":", 590, 594),
                                ("Contract", 660, 740), ("No.", 748, 780))),
                       (260.0, (("Finance", 122, 190), ("Officer", 196, 262), ("22", 302, 322), ("August", 328, 396),
                                ("2006", 402, 450), ("20", 472, 494), ("October", 500, 598), ("2009", 604, 650),
                                ("AID-306-", 662, 756))),
                       (290.0, (("A-09-21353", 662, 780),)))
    reading = read_letter_pages([page])
    assert [_row(p) for p in reading.periods] == [("2006-08-22", "2009-10-20", "Finance Officer",
                                                   "AID-306-A-09-21353")]


def test_a_misread_to_header_and_a_speck_before_a_wrapped_number_keep_the_table() -> None:
    """Case 41: "To" read as ``\\Te``; the contract cell began 7 px left of its header ("ARI-") and its
    wrapped second line carried a speck (``_SUB-2007-585``)."""
    page = _table_page(*_INTRO,
                       (220.0, (("Position", 120, 200), ("From", 250, 300), ("\\Te", 460, 490), ("|", 590, 594),
                                ("Contract", 607, 690), ("No.", 698, 730))),
                       (260.0, (("Electrician", 121, 230), ("27/08/2020", 252, 360), ("27/05/2021", 462, 566),
                                ("ARI-", 600, 640))),
                       (292.0, (("_SUB-2007-585", 590, 746),)))
    reading = read_letter_pages([page])
    assert [_row(p) for p in reading.periods] == [("2020-08-27", "2021-05-27", "Electrician", "ARI-SUB-2007-585")]


def test_cells_whose_boxes_took_in_the_rules_stay_in_their_columns() -> None:
    """Case 402: OCR boxes around "Translator" and the contract number reached the cells' rules (twice the
    line's height): the number seemed to start in the "To" column and the position above its row."""
    page = _table_page(*_INTRO,
                       (220.0, (("[Position", 120, 205), ("From", 240, 290), ("|", 292, 296), ("|To", 448, 478),
                                ("Contract", 646, 730), ("No.", 738, 770), ("|", 860, 864))),
                       (260.0, (("Translator", 130, 230), ("1", 246, 256), ("September", 264, 380), ("2010", 386, 438),
                                ("29", 452, 478), ("January", 484, 568), ("2013", 574, 626), ("SAQMMA20C9155", 649, 830))),
                       tall=("Translator", "SAQMMA20C9155"))
    reading = read_letter_pages([page])
    assert [_row(p) for p in reading.periods] == [("2010-09-01", "2013-01-29", "Translator", "SAQMMA20C9155")]


def test_a_number_after_the_position_label_is_no_position() -> None:
    """Case 483: a period table whose header OCR lost; the contract cell's wrapped half came first, right
    under "in the following position(s):", and was taken for the position (a false mismatch)."""
    page = _table_page(
        (100.0, (("07/16/2022", 120, 230),)),
        (160.0, (("This", 120, 160), ("letter", 168, 220), ("confirms", 228, 310), ("that", 318, 352),
                 ("Ms.", 360, 392), ("Freshta", 400, 470), ("Sultani", 478, 540), ("was", 548, 580),
                 ("employed", 588, 670), ("in", 678, 692), ("the", 700, 730), ("following", 738, 820))),
        (190.0, (("position(s):", 120, 230),)),
        (240.0, (("SUB-2018-501", 600, 720),)),
        (262.0, (("Finance", 122, 190), ("Officer", 196, 262), ("07/10/2018", 300, 400), ("12/07/2021", 450, 550),
                 ("|PAM-", 600, 650))))
    reading = read_letter_pages([page])
    assert reading.value("position") != "SUB-2018-501"


def test_a_sentence_right_under_a_table_is_not_part_of_its_cells() -> None:
    """Case 163 of seed 6 (a small photo): the sentence under the one-row table had word spaces half a line
    wide, as wide as the table's cell gaps, and its words went into the position cell ("river Please note
    access"); a sentence runs on far past the table's last column."""
    page = _table_page(*_INTRO,
                       (220.0, (("Position", 120, 200), ("From", 225, 262), ("To", 389, 410), ("Contract", 479, 557))),
                       (252.0, (("Driver", 130, 190), ("March", 221, 279), ("11,", 288, 315), ("2017", 323, 372),
                                ("Present", 386, 466))),
                       (280.0, (("Please", 113, 178), ("note", 186, 226), ("that", 234, 269), ("his", 276, 303),
                                ("did", 311, 339), ("not", 346, 376), ("complete", 383, 473), ("the", 480, 508),
                                ("polygraph", 514, 617), ("examination", 624, 747), ("required", 755, 840),
                                ("for", 847, 875), ("continued", 881, 983), ("site", 991, 1027))),
                       (308.0, (("access.", 111, 182),)), h=15.0)
    reading = read_letter_pages([page])
    assert [_row(p) for p in reading.periods] == [("2017-03-11", "present", "Driver", None)]
