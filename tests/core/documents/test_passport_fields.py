"""Pure helpers of the passport reader: printed dates, names, reconciliation with the zone."""

from __future__ import annotations

from datetime import date

import pytest

from workstation.documents.passport import (
    _label_of,
    normalise_printed_name,
    parse_printed_date,
    reconcile_name,
)

TODAY = date(2026, 6, 1)


@pytest.mark.parametrize(
    ("text", "kind", "want"),
    [
        ("01 JAN 86", "birth", "1986-01-01"),
        ("22 DEC 24", "expiry", "2024-12-22"),
        ("25/05/2020", "issue", "2020-05-25"),
        ("01.01.1999", "birth", "1999-01-01"),
        ("XX.XX.1980", "birth", "1980"),
        ("XX.05.1980", "birth", "1980-05"),
        ("1988-03-21", "birth", "1988-03-21"),
        ("3O.O4.2O29", "expiry", "2029-04-30"),
        ("31/02/2020", "issue", None),
        ("KABUL", "issue", None),
    ],
)
def test_printed_dates(text: str, kind: str, want: str | None) -> None:
    assert parse_printed_date(text, kind=kind, today=TODAY) == want


def test_names_and_labels() -> None:
    assert normalise_printed_name("Barakzai - Stanikzai") == "BARAKZAI-STANIKZAI"
    assert normalise_printed_name("  mohammad   nasir ") == "MOHAMMAD NASIR"
    assert _label_of("Surname / Nom") == "surname"
    assert _label_of("Sumame") == "surname"
    assert _label_of("Place of birth / Lieu de naissance") == "place_of_birth"
    assert _label_of("Date of birth") == "date_of_birth"
    assert _label_of("te of issue") == "issue_date"
    assert _label_of("Sex / Sexe") == "sex"
    assert _label_of("MOHAMMAD NASIR") is None


def test_reconcile_only_removes_filler_lookalikes() -> None:
    assert reconcile_name("HABIBAK", "HABIBA") == "HABIBA"
    assert reconcile_name("MOHAMMADKNASIR", "MOHAMMAD NASIR") == "MOHAMMAD NASIR"
    assert reconcile_name("ZAMANKS", "ZAMAN") == "ZAMAN"
    assert reconcile_name("AHMADZAL", "AHMADZAI") is None  # a real disagreement stays one
    assert reconcile_name("AHMADI", "AHMADI") is None
