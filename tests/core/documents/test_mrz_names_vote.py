"""Names (no check digit covers them) merged letter by letter from several reads of one zone."""

from __future__ import annotations

from datetime import date

from workstation.documents.mrz import merge_reads, parse_mrz, with_source
from workstation.documents.mrz_reader import (
    FIRST_LINE_PX,
    OCRB,
    RETRY_LINE_PX,
    STOCK,
    best_of_reads,
    letter_weight,
)

TODAY = date(2026, 6, 1)
# SPECIMEN zone.
L1 = "P<UTOAHMADZAI<<MOHAMMAD<<<<<<<<<<<<<<<<<<<<<"
L2 = "L898902C36UTO7408122F1204159ZE184226B<<<<<10"


def _read(model: str, l1: str):  # type: ignore[no-untyped-def]
    r = parse_mrz([l1, L2], today=TODAY)
    assert r is not None and r.valid
    return model, with_source(r, model)


def _names(reads: list[tuple[str, str]]) -> tuple[str, str]:
    m = merge_reads([_read(model, l1) for model, l1 in reads], today=TODAY, letters_from=OCRB)
    assert m is not None
    return m.surname, m.given_names


def test_the_preferred_model_decides_a_letter_against_one_other_read() -> None:
    # The stock model reads OCR-B's I as L and M as N.
    wrong = L1.replace("ZAI<", "ZAL<").replace("MOHAMMAD", "MOHANMAD")
    assert _names([(OCRB, L1), (STOCK, wrong)]) == ("AHMADZAI", "MOHAMMAD")
    # Whichever order the reads come in.
    assert _names([(STOCK, wrong), (OCRB, L1)]) == ("AHMADZAI", "MOHAMMAD")


def test_a_tie_goes_to_the_preferred_model() -> None:
    wrong = L1.replace("ZAI<", "ZAL<")
    assert _names([(OCRB, L1), (STOCK, wrong), (STOCK, wrong)]) == ("AHMADZAI", "MOHAMMAD")


def test_agreeing_reads_outvote_one_slip_of_the_preferred_model() -> None:
    # OCR-B reads I as Z now and then: its own reads at other scales and the stock reads outvote it.
    slip = L1.replace("ZAI<", "ZAZ<")
    assert _names([(OCRB, slip), (OCRB, L1), (STOCK, L1)]) == ("AHMADZAI", "MOHAMMAD")
    assert _names([(OCRB, slip), (STOCK, L1), (STOCK, L1), (STOCK, L1)]) == ("AHMADZAI", "MOHAMMAD")


def test_the_reader_prefers_the_ocrb_model_for_letters() -> None:
    wrong = L1.replace("MOHAMMAD", "MOHANMAD")
    a, b = _read(OCRB, L1), _read(STOCK, wrong)
    got = best_of_reads([(a[0], a[1], 0.6), (b[0], b[1], 0.6)], TODAY)
    assert got is not None and got[0].given_names == "MOHAMMAD"


def test_a_read_at_the_largest_scale_outweighs_two_smaller_reads_with_the_same_slip() -> None:
    slip = L1.replace("ZAI<", "ZAZ<")
    a, b, c = _read(OCRB, slip), _read(OCRB, L1), _read(OCRB, slip)
    reads = [(a[0], a[1], 0.7), (b[0], b[1], 0.7), (c[0], c[1], 0.7)]
    got = best_of_reads(reads, TODAY, [FIRST_LINE_PX, max(RETRY_LINE_PX), min(RETRY_LINE_PX)])
    assert got is not None and got[0].surname == "AHMADZAI"
    # The same three reads at one scale: the majority stands.
    same = best_of_reads(reads, TODAY)
    assert same is not None and same[0].surname == "AHMADZAZ"


def test_letter_weight_grows_with_the_scale() -> None:
    small, first, large = (letter_weight(px) for px in (min(RETRY_LINE_PX), FIRST_LINE_PX, max(RETRY_LINE_PX)))
    assert small < first < large == 1.0
    assert small + first < large
