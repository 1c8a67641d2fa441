"""Classification when a zone-like band was read: a weak zone does not overrule the page's words."""

from __future__ import annotations

from workstation.documents.classify import UNKNOWN, classify, weak_zone
from workstation.documents.mrz import parse_mrz

# Two lines of a letter's dense print, read as a TD3 zone: no document code, no check digit holds.
DEBRIS = ["EFSODPLMPMMMFZZMDDZMBOSMWJNAGYMMNFPSTMMFEDMM", "RHPHDMETWYNSDRBNMJMPFDUCKM<9<6HRYPMDAUALMNLU"]
# A genuine passport zone with one altered digit (a forgery sign): still a passport.
BROKEN = ["P<AFGHAIDARI<<MOHAMMAD<IBRAHIM<<<<<<<<<<<<<<", "P366932581AFG6901019M3007114<<<<<<<<<<<<<<06"]
LETTER = "To whom it may concern. This letter certifies that Mr X was employed as an interpreter. " * 5
DARI_LETTER = "تصدیق‌نامه کاری بدینوسیله تصدیق می‌گردد که به حیث معاون تحت قرارداد شماره وظیفه نموده است"


def test_debris_zone_is_weak_and_the_words_decide() -> None:
    z = parse_mrz(DEBRIS)
    assert weak_zone(z)
    assert classify(LETTER, z).kind == "employment_letter"
    assert classify("", z).confidence <= 0.6  # words say nothing: the zone's guess, marked unsure


def test_broken_genuine_zone_still_decides() -> None:
    z = parse_mrz(BROKEN)
    assert not z.valid and not weak_zone(z)
    assert classify(LETTER, z).kind == "passport"


def test_dari_letter_words() -> None:
    assert classify(DARI_LETTER, None).kind == "employment_letter"


def test_id_card_front_and_tazkira_translation_words() -> None:
    front = "ISLAMIC REPUBLIC OF AFGHANISTAN Identity Card جمهوری اسلامی افغانستان شماره تذکره: ۱۳۹۲-۲۸۲۲-۷۲۲۰۲۲"
    assert classify(front, None).kind == "tazkira"
    translation = ("Translation of Tazkira (Afghan National ID) Name: Naveed Surname: Zadran Father's name: Shafiq "
                   "Grandfather's name: Karim Volume 15, Page 225")
    assert classify(translation, None).kind == "tazkira"


def test_text_layer_in_arabic_presentation_forms() -> None:
    # How many PDF text layers hold Dari: presentation forms (U+FExx), not letters.
    shaped = "ﺗﺼﺪﯾﻖ ﻧﺎﻣﻪ ﮐﺎﺭﯼ ﺑﺪﯾﻨﻮﺳﯿﻠﻪ ﺗﺼﺪﯾﻖ ﻣﯽ ﮔﺮﺩﺩ ﻗﺮﺍﺭﺩﺍﺩ ﺷﻤﺎﺭﻩ ﺁﻣﺮ ﻣﺴﺘﻘﯿﻢ"
    assert classify(shaped, None).kind == "employment_letter"


# Printed lines of a card's front read as a TD3 zone: code P and a letter state, but no check digit holds.
FRONT_AS_ZONE = ["PAISLAMICREPUBLICOFAFGHANISTANIDENTITYCARDXX", "NAMEKARIMFATHERSNAMEAHMADDATEOFBIRTHXXXXXXXX"]


def test_code_and_state_without_a_verified_check_digit_is_weak() -> None:
    z = parse_mrz(FRONT_AS_ZONE)
    assert z is not None and z.document_code.startswith("P") and not any(z.checks.values())
    assert weak_zone(z)
    front = "ISLAMIC REPUBLIC OF AFGHANISTAN Identity Card جمهوری اسلامی افغانستان شماره تذکره: ۱۳۹۲-۲۸۲۲-۷۲۲۰۲۲"
    assert classify(front, z).kind == "tazkira"


def test_ocr_fragments_of_a_grainy_photo_are_not_long_prose() -> None:
    """Hundreds of 1-3 character fragments (grain read as specks) made a card photo a letter."""
    fragments = " ".join(["wee", "ax", "hy", "tts", "awe", "SOE", "=a", "hs", "ie", "AR", "at", "NS)"] * 15)
    assert len(fragments.split()) >= 150
    assert classify(fragments).kind == UNKNOWN
    prose = ("This letter certifies that the applicant worked with our company as an interpreter "
             "supporting the mission during the years stated below and performed the duties ") * 6
    assert classify(prose).kind == "employment_letter"


def test_an_e_tazkira_number_as_printed_is_a_tazkira_cue() -> None:
    assert classify("10. No. 1399-4249-00161").kind == "tazkira"
    assert classify("ID No 1402 3742 16044").kind == "tazkira"
    assert classify("Tel. 0093-799-123456 Ref 2021-0015-12345678").kind == UNKNOWN


def test_a_document_name_read_with_a_space_after_a_non_joining_letter_is_still_that_name() -> None:
    """A paper tazkira photographed leaning (case 206 of ``bench/verify.py --seed 6``): fas OCR kept only the header,
    ``وزارت امور داخله - تذ کره تابعیت``, a space after ذ (which never joins the next letter): the page was not
    recognised and its mismatch never checked. Words that name the document are also looked for with such
    spaces closed; other words are not (``امور داخله`` names no kind)."""
    got = classify("جمهوری اسلامی افغانستان\nوزارت امور داخله - تذ کره تابعیت")
    assert got.kind == "tazkira"
    assert classify("وزارت امور داخله").kind == UNKNOWN
    assert classify("و لد").kind == UNKNOWN
