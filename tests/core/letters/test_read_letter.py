"""The letter reader through intake and the OCR engine: born-digital, scanned, mixed, and bad files."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pymupdf
import pytest

from tests.core.letters.specimens import draw_pdf, render
from tests.core.letters.test_letter_fields import PROSE, TABLE
from workstation.config import WorkstationConfig
from workstation.documents.letter import letter_fields_json, read_letter
from workstation.errors import CancelledError, InputError
from workstation.intake import IntakeOptions, load_bytes, load_document
from workstation.ocr import get_engine
from workstation.progress import CancelToken


@pytest.fixture(scope="module")
def engine():  # type: ignore[no-untyped-def]
    return get_engine(WorkstationConfig())


def _values(reading) -> dict[str, object]:  # type: ignore[no-untyped-def]
    return {k: v["value"] for k, v in letter_fields_json(reading).items()}


def test_born_digital_pdf_uses_the_text_layer(config: WorkstationConfig) -> None:
    doc = load_bytes(draw_pdf(PROSE), "letter.pdf", IntakeOptions(render_dpi=72))
    reading = read_letter(doc, config, None)
    assert reading.page_sources == ("text_layer",)
    got = _values(reading)
    assert all(got.get(k) == v for k, v in PROSE.truth.items()), got


def _scanned_pdf(pdf: bytes, dpi: int = 200) -> bytes:
    """A PDF whose only page is an image (a scan): no text layer."""
    img = render(pdf, dpi=dpi)[0]
    pix = pymupdf.Pixmap(pymupdf.csGRAY, img.shape[1], img.shape[0], img.tobytes(), False)
    out = pymupdf.open()
    page = out.new_page(width=612, height=792)
    page.insert_image(page.rect, pixmap=pix)
    return bytes(out.tobytes())


def test_mixed_document_text_layer_and_scanned_page(config: WorkstationConfig, engine) -> None:  # type: ignore[no-untyped-def]
    mixed = pymupdf.open(stream=draw_pdf(TABLE), filetype="pdf")
    mixed.insert_pdf(pymupdf.open(stream=_scanned_pdf(draw_pdf(PROSE)), filetype="pdf"))
    doc = load_bytes(bytes(mixed.tobytes()), "mixed.pdf", IntakeOptions(render_dpi=200))
    reading = read_letter(doc, config, engine)
    assert reading.page_sources == ("text_layer", "ocr")
    assert reading.fields["employee_name"].source == "text_layer"
    # the scanned page's fields are found too, with OCR evidence on page 2
    sub = reading.fields.get("subcontract_number")
    assert sub is not None and sub.page == 2 and sub.source == "ocr"


def test_upside_down_scan_is_turned(config: WorkstationConfig, engine) -> None:  # type: ignore[no-untyped-def]
    img = np.ascontiguousarray(render(draw_pdf(TABLE), dpi=200)[0][::-1, ::-1])
    import cv2

    ok, png = cv2.imencode(".png", img)
    assert ok
    doc = load_bytes(png.tobytes(), "scan.png")
    got = _values(read_letter(doc, config, engine))
    assert got.get("employee_name") == "Ahmad Zia Rahimi"


def test_cancel_between_pages(config: WorkstationConfig) -> None:
    doc = load_bytes(draw_pdf(PROSE), "letter.pdf", IntakeOptions(render_dpi=72))
    token = CancelToken()
    token.cancel()
    with pytest.raises(CancelledError):
        read_letter(doc, config, None, cancel=token)


def _encrypted() -> bytes:
    d = pymupdf.open(stream=draw_pdf(PROSE), filetype="pdf")
    return bytes(d.tobytes(encryption=pymupdf.PDF_ENCRYPT_AES_256, owner_pw="o", user_pw="secret"))


@pytest.mark.parametrize(
    ("name", "make", "words"),
    [
        ("empty.pdf", lambda: b"", "empty"),
        ("corrupt.pdf", lambda: b"%PDF-1.7\n" + b"\x00garbage" * 100, ""),
        ("truncated.pdf", lambda: draw_pdf(PROSE)[:300], ""),
        ("encrypted.pdf", _encrypted, "password"),
    ],
)
def test_bad_pdfs_give_one_clear_message(tmp_path: Path, config: WorkstationConfig, name: str, make, words: str) -> None:  # type: ignore[no-untyped-def]
    f = tmp_path / name
    f.write_bytes(make())
    with pytest.raises(InputError) as e:
        read_letter(load_document(f), config, None)
    msg = str(e.value)
    assert "\n" not in msg and ("PDF" in msg or name in msg)
    assert words.lower() in msg.lower()


def test_enormous_pdf_is_refused(tmp_path: Path, config: WorkstationConfig) -> None:
    d = pymupdf.open()
    for _ in range(60):
        d.new_page()
    f = tmp_path / "huge.pdf"
    f.write_bytes(d.tobytes())
    with pytest.raises(InputError) as e:
        read_letter(load_document(f, IntakeOptions(max_pages=50)), config, None)
    assert "50" in str(e.value)
    with pytest.raises(InputError):
        load_document(f, IntakeOptions(max_file_bytes=1000))
