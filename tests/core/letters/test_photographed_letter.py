"""A letter layout of our own, photographed: banner letterhead, ruled period table, red stamp over the text,
a shadow across the page, the page lying on a darker desk. All SPECIMEN, names invented."""

from __future__ import annotations

import cv2
import numpy as np
import pymupdf
import pytest

from workstation.config import WorkstationConfig
from workstation.documents.letter import read_letter
from workstation.intake import load_bytes
from workstation.ocr import get_engine


def _letter_pdf() -> bytes:
    doc = pymupdf.open()
    page = doc.new_page(width=612, height=792)
    page.draw_rect(pymupdf.Rect(0, 0, 612, 80), color=None, fill=(0.12, 0.2, 0.35))
    page.insert_text((50, 50), "Harbour Field Services Ltd", fontsize=22, fontname="hebo", color=(1, 1, 1))
    y = 120.0
    for line in ("Date: 14 February 2022", "", "To Whom It May Concern,", "",
                 "This letter confirms that Mr. Zarif Khan Niazi was employed by Harbour Field",
                 "Services Ltd in the following position:"):
        if line:
            page.insert_text((60, y), line, fontsize=11, fontname="helv")
        y += 17
    # A ruled table: header row and one period.
    cols = (60, 200, 320, 440, 560)
    top, mid, bottom = y + 5, y + 27, y + 49
    for yy in (top, mid, bottom):
        page.draw_line((cols[0], yy), (cols[-1], yy), color=(0, 0, 0), width=1)
    for xx in cols:
        page.draw_line((xx, top), (xx, bottom), color=(0, 0, 0), width=1)
    for x, text in zip(cols, ("Position", "From", "To", "Contract No."), strict=False):
        page.insert_text((x + 5, mid - 7), text, fontsize=11, fontname="hebo")
    for x, text in zip(cols, ("Site Engineer", "June 3, 2012", "April 28, 2015", "W91B4N-11-C-0042"),
                       strict=False):
        page.insert_text((x + 5, bottom - 7), text, fontsize=11, fontname="helv")
    y = bottom + 30
    for line in ("His direct supervisor was Karen Lee, Project Manager (e-mail: k.lee@harbour-fs.example).",
                 "", "Sincerely,", "", "", "Peter Morgan", "HR Manager"):
        if line:
            page.insert_text((60, y), line, fontsize=11, fontname="helv")
        y += 17
    # A red stamp across the supervisor line and the closing.
    page.insert_text((250, 470), "SPECIMEN", fontsize=54, fontname="hebo", color=(0.9, 0.3, 0.3),
                     morph=(pymupdf.Point(250, 470), pymupdf.Matrix(-20)))
    data = bytes(doc.tobytes())
    doc.close()
    return data


def _photograph(pdf: bytes) -> bytes:
    """The page at ~200 DPI under a shadow, slightly turned in perspective on a darker desk; JPEG, no DPI."""
    pix = pymupdf.open(stream=pdf, filetype="pdf")[0].get_pixmap(dpi=200)
    page = np.frombuffer(pix.samples, np.uint8).reshape(pix.height, pix.width, pix.n)[:, :, 2::-1].astype(np.float32)
    h, w = page.shape[:2]
    light = np.tile(np.linspace(1.0, 0.55, w, dtype=np.float32), (h, 1))  # shadow over the right side
    page = page * light[:, :, None]
    desk = np.full((h + 300, w + 300, 3), (70, 90, 110), np.float32)
    src = np.float32([[0, 0], [w, 0], [w, h], [0, h]])
    dst = np.float32([[170, 140], [w + 120, 160], [w + 140, h + 150], [140, h + 130]])
    m = cv2.getPerspectiveTransform(src, dst)
    warped = cv2.warpPerspective(page, m, (w + 300, h + 300))
    mask = cv2.warpPerspective(np.ones((h, w), np.float32), m, (w + 300, h + 300))[:, :, None]
    photo = np.clip(warped * mask + desk * (1 - mask), 0, 255).astype(np.uint8)
    ok, buf = cv2.imencode(".jpg", photo, [cv2.IMWRITE_JPEG_QUALITY, 85])
    assert ok
    return buf.tobytes()


@pytest.fixture(scope="module")
def reading():  # type: ignore[no-untyped-def]
    cfg = WorkstationConfig()
    doc = load_bytes(_photograph(_letter_pdf()), "photo.jpg")
    assert doc.pages[0].dpi is None  # read as a phone photo
    return read_letter(doc, cfg, get_engine(cfg))


def test_ruled_table_cells_are_read(reading) -> None:  # type: ignore[no-untyped-def]
    assert reading.value("position") == "Site Engineer"
    assert reading.value("start_date") == "2012-06-03"
    assert reading.value("end_date") == "2015-04-28"
    assert reading.value("contract_number") == "W91B4N-11-C-0042"


def test_words_under_the_red_stamp_and_in_the_shadow_are_read(reading) -> None:  # type: ignore[no-untyped-def]
    assert reading.value("employee_name") == "Zarif Khan Niazi"
    assert reading.value("supervisor_name") == "Karen Lee"
    assert reading.value("supervisor_contact") == "k.lee@harbour-fs.example"
    assert reading.value("letter_date") == "2022-02-14"


def test_light_on_dark_banner_letterhead_is_read(reading) -> None:  # type: ignore[no-untyped-def]
    assert "Harbour Field Services Ltd" in reading.text.split("\n")[0]
