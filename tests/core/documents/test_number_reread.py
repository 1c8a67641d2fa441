"""A printed passport number that disagrees with the zone is read twice more and voted on (SPECIMEN print)."""

from __future__ import annotations

from types import SimpleNamespace

import cv2
import numpy as np

from workstation.documents.passport import UNSETTLED_NUMBER_CONFIDENCE, _number_read_again
from workstation.documents.reading import FieldValue
from workstation.ocr import get_engine


def _page(text: str) -> tuple[np.ndarray, tuple[int, int, int, int]]:
    page = np.full((200, 700, 3), 245, np.uint8)
    cv2.putText(page, "SPECIMEN", (20, 40), cv2.FONT_HERSHEY_SIMPLEX, 0.8, (150, 150, 150), 2)
    cv2.putText(page, text, (100, 130), cv2.FONT_HERSHEY_SIMPLEX, 1.6, (20, 20, 20), 3)
    (w, h), _ = cv2.getTextSize(text, cv2.FONT_HERSHEY_SIMPLEX, 1.6, 3)
    return page, (100, 130 - h, 100 + w, 130 + 4)


def test_a_first_read_two_rereads_agree_against_is_replaced() -> None:
    page, box = _page("P1371224")
    ctx = SimpleNamespace(page=page, engine=get_engine())
    first = FieldValue("P1371204", 0.88, 1, box, "viz", "P1371204")  # a 2 read as 0
    got = _number_read_again(ctx, first)  # type: ignore[arg-type]
    assert got.value == "P1371224"
    assert got.raw.startswith("P1371204 / ")  # every read is kept as evidence


def test_a_first_read_the_rereads_confirm_keeps_its_value() -> None:
    page, box = _page("A57680171")
    ctx = SimpleNamespace(page=page, engine=get_engine())
    first = FieldValue("A57680171", 0.74, 1, box, "viz", "A57680171")
    got = _number_read_again(ctx, first)  # type: ignore[arg-type]
    assert got.value == "A57680171"
    assert got.confidence >= 0.74


def test_no_two_reads_alike_leave_the_number_unsure() -> None:
    page = np.full((200, 700, 3), 245, np.uint8)  # nothing printed where the number was read
    ctx = SimpleNamespace(page=page, engine=get_engine())
    first = FieldValue("P1371204", 0.88, 1, (100, 90, 330, 134), "viz", "P1371204")
    got = _number_read_again(ctx, first)  # type: ignore[arg-type]
    assert got.value == "P1371204"
    assert got.confidence == UNSETTLED_NUMBER_CONFIDENCE
