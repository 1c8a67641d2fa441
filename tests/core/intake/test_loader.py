"""Intake: every supported format decodes to BGR pages; every kind of bad input is one clear InputError."""

from __future__ import annotations

import hashlib
import io
import struct
import zlib
from pathlib import Path

import numpy as np
import pymupdf
import pytest
from PIL import Image

from tests.core.intake.conftest import multipage_tiff, pil_bytes, small_page, tiny_pdf
from workstation.config import WorkstationConfig
from workstation.errors import CancelledError, InputError
from workstation.intake import IntakeOptions, load_bytes, load_document, sniff_format
from workstation.progress import CancelToken


class Recorder:
    def __init__(self) -> None:
        self.updates: list[tuple[int, int, str]] = []

    def update(self, done: int, total: int, stage: str) -> None:
        self.updates.append((done, total, stage))


def _png_chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)


def png_header_only(w: int, h: int) -> bytes:
    """A PNG that claims ``w`` x ``h`` pixels but carries almost no data (a decompression bomb's header)."""
    ihdr = struct.pack(">IIBBBBB", w, h, 8, 0, 0, 0, 0)
    idat = zlib.compress(b"\x00" * 1000)
    return b"\x89PNG\r\n\x1a\n" + _png_chunk(b"IHDR", ihdr) + _png_chunk(b"IDAT", idat) + _png_chunk(b"IEND", b"")


# --- decoding ------------------------------------------------------------------------------------


def test_png_decodes_to_bgr_with_identity(tmp_path: Path) -> None:
    img = small_page()
    data = pil_bytes(img, "PNG", dpi=(300, 300))
    path = tmp_path / "scan.png"
    path.write_bytes(data)
    doc = load_document(path)
    assert doc.file_name == "scan.png"
    assert doc.sha256 == hashlib.sha256(data).hexdigest()
    assert (doc.kind, doc.format, doc.page_count) == ("image", "png", 1)
    page = doc.pages[0]
    assert page.page_number == 1
    assert page.image.dtype == np.uint8 and page.image.shape == img.shape
    assert np.array_equal(page.image, img)  # BGR order preserved exactly
    assert page.image.flags.c_contiguous and page.image.flags.writeable  # readers may draw on it
    assert page.dpi == pytest.approx(300, abs=1)
    assert page.text_words is None and not page.has_text_layer
    assert page.source_size == (96.0, 64.0)


def test_format_is_sniffed_from_content_not_extension(tmp_path: Path) -> None:
    path = tmp_path / "looks_like.pdf"
    path.write_bytes(pil_bytes(small_page(), "PNG"))
    assert load_document(path).format == "png"


def test_jpeg_exif_orientation_is_applied() -> None:
    img = np.zeros((40, 80, 3), np.uint8)
    img[:, :40] = 255  # left half white
    pil = Image.fromarray(img)
    exif = pil.getexif()
    exif[0x0112] = 6  # "rotate 90 CW to display"
    buf = io.BytesIO()
    pil.save(buf, format="JPEG", exif=exif.tobytes(), quality=95)
    page = load_bytes(buf.getvalue(), "phone.jpg").pages[0]
    assert page.image.shape[:2] == (80, 40)
    assert page.image[:40].mean() > 200 and page.image[40:].mean() < 50  # white half now on top


def test_phone_photo_default_72_dpi_means_unknown() -> None:
    data = pil_bytes(np.full((1200, 1600, 3), 200, np.uint8), "JPEG", dpi=(72, 72))
    assert load_bytes(data, "photo.jpg").pages[0].dpi is None


def test_alpha_is_composited_on_white() -> None:
    rgba = np.zeros((10, 10, 4), np.uint8)
    rgba[:, :5, 3] = 255  # left half opaque black, right half transparent
    buf = io.BytesIO()
    Image.fromarray(rgba, "RGBA").save(buf, format="PNG")
    img = load_bytes(buf.getvalue()).pages[0].image
    assert img[:, :5].max() == 0 and img[:, 5:].min() == 255


def test_sixteen_bit_grayscale_is_scaled() -> None:
    arr = np.full((20, 20), 65535, np.uint16)
    arr[:, :10] = 0
    buf = io.BytesIO()
    Image.fromarray(arr).save(buf, format="PNG")
    img = load_bytes(buf.getvalue()).pages[0].image
    assert img.shape == (20, 20, 3)
    assert img[:, :10].max() == 0 and img[:, 10:].min() == 255


def test_palette_and_bilevel_images() -> None:
    pal = Image.fromarray(small_page()[:, :, ::-1]).convert("P")
    buf = io.BytesIO()
    pal.save(buf, format="PNG", transparency=0)
    assert load_bytes(buf.getvalue()).pages[0].image.shape == (64, 96, 3)
    bw = Image.fromarray(small_page()[:, :, 0]).convert("1")
    buf = io.BytesIO()
    bw.save(buf, format="TIFF", compression="group4")
    assert set(np.unique(load_bytes(buf.getvalue()).pages[0].image)) <= {0, 255}


def test_multipage_tiff_and_page_selection() -> None:
    data = multipage_tiff(3)
    doc = load_bytes(data, "batch.tif")
    assert (doc.format, doc.page_count, len(doc.pages)) == ("tiff", 3, 3)
    assert [p.page_number for p in doc.pages] == [1, 2, 3]
    assert [int(p.image.mean()) for p in doc.pages] == [40, 80, 120]
    assert doc.pages[0].dpi == pytest.approx(200)
    only = load_bytes(data, options=IntakeOptions(pages=(2, 9)))
    assert [p.page_number for p in only.pages] == [2] and only.page_count == 3


def test_pdf_pages_render_at_300_dpi_with_text_layer(text_pdf: bytes) -> None:
    rec = Recorder()
    doc = load_bytes(text_pdf, "letter.pdf", reporter=rec)
    assert (doc.kind, doc.format, doc.page_count, len(doc.pages)) == ("pdf", "pdf", 3, 3)
    page = doc.pages[0]
    assert page.image.shape == (3509, 2480, 3)
    assert page.dpi == 300 and page.source_size == (595.0, 842.0)
    assert page.has_text_layer and page.text_words is not None
    first = page.text_words[0]
    assert first.text == "SPECIMEN"
    x0, y0, x1, y1 = (int(v) for v in first.bbox)
    assert 0 <= x0 < x1 <= page.width and 0 <= y0 < y1 <= page.height
    assert (page.image[y0:y1, x0:x1] < 128).mean() > 0.1  # the box sits on the ink
    assert rec.updates == [(1, 3, "intake"), (2, 3, "intake"), (3, 3, "intake")]


def test_pdf_text_layer_follows_page_rotation() -> None:
    src = pymupdf.open()
    page = src.new_page(width=300, height=200)
    page.insert_text((30, 60), "SPECIMEN", fontsize=20)
    page.set_rotation(90)
    data = bytes(src.tobytes())
    out = load_bytes(data, options=IntakeOptions(render_dpi=150)).pages[0]
    assert out.height > out.width  # landscape page turned to portrait
    assert out.text_words is not None
    x0, y0, x1, y1 = (int(v) for v in out.text_words[0].bbox)
    assert y1 - y0 > x1 - x0  # the word now runs down the page
    assert (out.image[y0:y1, x0:x1] < 128).mean() > 0.1


def test_diagonal_watermark_is_left_out_of_the_text_layer_but_sideways_text_is_kept() -> None:
    """A watermark drawn at an angle would land between body lines in reading order (splitting an
    e-mail address wrapped at its hyphen); text along either page axis is the document's own."""
    src = pymupdf.open()
    page = src.new_page(width=595, height=842)
    page.insert_text((72, 100), "Supervisor e-mail: d.baker@northgate-", fontsize=11)
    page.insert_text((72, 114), "logistics.example, phone: +1 571 555 0127", fontsize=11)
    page.insert_text((72, 300), "DRAFTCOPY", fontsize=60,
                     morph=(pymupdf.Point(72, 300), pymupdf.Matrix(1, 1).prerotate(35)))
    page.insert_text((560, 700), "Ref 2024-118", fontsize=9, rotate=90)
    out = load_bytes(bytes(src.tobytes()), options=IntakeOptions(render_dpi=150)).pages[0]
    words = [w.text for w in out.text_words or ()]
    assert "DRAFTCOPY" not in words
    assert "d.baker@northgate-" in words and "logistics.example," in words
    assert "2024-118" in words  # sideways, along the page edge: kept


def test_text_layer_pages_are_rendered_only_when_their_pixels_are_asked_for(text_pdf: bytes) -> None:
    """Reading a text-layer page needs its words, not a 300-DPI image: the render waits for first use."""
    doc = load_bytes(text_pdf, "letter.pdf")
    page = doc.pages[1]
    assert page.has_text_layer and not page.image_ready
    assert (page.width, page.height) == (2480, 3509)  # known before rendering
    image = page.image
    assert page.image_ready and image.shape == (3509, 2480, 3)
    assert page.image is image  # rendered once
    assert not doc.pages[2].image_ready  # only the page asked for


@pytest.mark.parametrize("rotation", [0, 90, 180, 270])
@pytest.mark.parametrize(("width", "height", "dpi"), [(300.3, 200.7, 150), (612, 792, 300), (123.4, 456.7, 97)])
def test_lazy_page_size_matches_its_render(rotation: int, width: float, height: float, dpi: int) -> None:
    src = pymupdf.open()
    page = src.new_page(width=width, height=height)
    page.insert_text((20, 60), "SPECIMEN letter text", fontsize=12)
    page.set_rotation(rotation)
    out = load_bytes(bytes(src.tobytes()), options=IntakeOptions(render_dpi=dpi)).pages[0]
    assert not out.image_ready
    size = (out.width, out.height)
    assert (out.image.shape[1], out.image.shape[0]) == size
    assert out.text_words is not None
    x0, y0, x1, y1 = (int(v) for v in out.text_words[0].bbox)
    assert (out.image[y0:y1 + 1, x0:x1 + 1] < 128).mean() > 0.05  # the lazily placed box sits on the ink


def test_pages_without_text_are_rendered_at_intake() -> None:
    src = pymupdf.open()
    page = src.new_page(width=200, height=100)
    page.insert_image(page.rect, stream=pil_bytes(small_page(), "PNG"))
    out = load_bytes(bytes(src.tobytes()), options=IntakeOptions(render_dpi=100)).pages[0]
    assert out.image_ready and out.image.shape[:2] == (out.height, out.width)


def test_lazy_page_pickles_with_its_pixels_and_is_read_only(text_pdf: bytes) -> None:
    import pickle

    page = load_bytes(text_pdf, options=IntakeOptions(render_dpi=72)).pages[0]
    again = pickle.loads(pickle.dumps(page))
    assert again.image_ready and np.array_equal(again.image, page.image)
    assert again.text_words == page.text_words and again.page_number == page.page_number
    with pytest.raises(AttributeError):
        page.dpi = 10  # type: ignore[misc]


def test_only_requested_pdf_pages_are_rendered(text_pdf: bytes) -> None:
    doc = load_bytes(text_pdf, options=IntakeOptions(pages=(2,), render_dpi=72))
    assert doc.page_count == 3 and [p.page_number for p in doc.pages] == [2]
    assert doc.pages[0].image.shape == (842, 595, 3)


def test_scanned_pdf_without_text_has_empty_text_layer() -> None:
    src = pymupdf.open()
    page = src.new_page(width=200, height=100)
    page.insert_image(page.rect, stream=pil_bytes(small_page(), "PNG"))
    out = load_bytes(bytes(src.tobytes()), options=IntakeOptions(render_dpi=100)).pages[0]
    assert out.text_words == () and not out.has_text_layer


def test_poster_sized_pdf_page_is_rendered_within_the_pixel_budget() -> None:
    src = pymupdf.open()
    src.new_page(width=72 * 60, height=72 * 40)  # 60 x 40 inches
    opts = IntakeOptions(max_megapixels=4)
    page = load_bytes(bytes(src.tobytes()), options=opts).pages[0]
    assert page.width * page.height <= 4_000_000
    assert page.dpi is not None and page.dpi < 300


def test_cancel_between_pages(text_pdf: bytes) -> None:
    token = CancelToken()
    token.cancel()
    with pytest.raises(CancelledError):
        load_bytes(text_pdf, cancel=token)


def test_options_from_config() -> None:
    cfg = WorkstationConfig(render_dpi=200, max_megapixels=10, max_pdf_pages=5)
    opts = IntakeOptions.from_config(cfg, pages=(1,))
    assert (opts.render_dpi, opts.max_megapixels, opts.max_pages, opts.pages) == (200.0, 10.0, 5, (1,))


def test_sniffing() -> None:
    assert sniff_format(b"\xff\xd8\xff\xe0") == "jpeg"
    assert sniff_format(b"\x89PNG\r\n\x1a\n") == "png"
    assert sniff_format(b"II*\x00") == "tiff" and sniff_format(b"MM\x00*") == "tiff"
    assert sniff_format(b"junk\n%PDF-1.7") == "pdf"
    assert sniff_format(b"GIF89a") is None


# --- bad input: one clear line each --------------------------------------------------------------


def _error(data: bytes, name: str = "bad.bin", options: IntakeOptions | None = None) -> str:
    with pytest.raises(InputError) as info:
        load_bytes(data, name, options)
    msg = str(info.value)
    assert "\n" not in msg and msg
    return msg


def test_missing_empty_and_folder(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="File not found"):
        load_document(tmp_path / "nope.png")
    (tmp_path / "empty.jpg").write_bytes(b"")
    with pytest.raises(InputError, match="empty"):
        load_document(tmp_path / "empty.jpg")
    with pytest.raises(InputError, match="Not a file"):
        load_document(tmp_path)
    assert "empty" in _error(b"")


def test_file_size_limit_is_checked_before_reading(tmp_path: Path) -> None:
    path = tmp_path / "big.png"
    path.write_bytes(pil_bytes(small_page(), "PNG"))
    with pytest.raises(InputError, match="too large"):
        load_document(path, IntakeOptions(max_file_bytes=100))


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"hello, this is a text file\n", "Unknown file format"),
        (b"GIF89a" + b"\x00" * 20, "GIF files are not supported"),
        (b"BM" + b"\x00" * 40, "BMP files are not supported"),
        (b"\x00\x00\x00\x18ftypheic" + b"\x00" * 20, "HEIC"),
        (b"PK\x03\x04" + b"\x00" * 30, "ZIP or Office"),
    ],
)
def test_unknown_formats_are_named(data: bytes, expected: str) -> None:
    assert expected in _error(data)


def test_twenty_thousand_square_image_is_refused_before_decoding() -> None:
    msg = _error(png_header_only(20_000, 20_000), "huge.png")
    assert "too large" in msg and "400 megapixels" in msg
    # Just over our limit but under Pillow's own backstop: our header check names the size.
    msg = _error(png_header_only(8_000, 7_000), "big.png")
    assert "8000 x 7000 = 56 megapixels" in msg and "limit is 50" in msg


def test_pixel_limit_follows_the_options() -> None:
    data = pil_bytes(np.zeros((100, 100, 3), np.uint8), "PNG")
    assert "too large" in _error(data, options=IntakeOptions(max_megapixels=0.005))


@pytest.mark.parametrize("fmt", ["PNG", "JPEG", "TIFF"])
def test_truncated_images(fmt: str) -> None:
    data = pil_bytes(small_page(400, 300), fmt)
    msg = _error(data[: len(data) // 2], f"cut.{fmt.lower()}")
    assert "truncated" in msg or "corrupt" in msg


def test_truncated_pdf(text_pdf: bytes) -> None:
    assert "truncated" in _error(text_pdf[: len(text_pdf) // 2], "cut.pdf")


def test_encrypted_pdf() -> None:
    src = pymupdf.open(stream=tiny_pdf(1), filetype="pdf")
    data = src.tobytes(encryption=pymupdf.PDF_ENCRYPT_AES_256, user_pw="secret", owner_pw="owner")
    assert "encrypted" in _error(bytes(data), "locked.pdf")


@pytest.mark.parametrize("pages", [51, 500])
def test_too_many_pdf_pages(pages: int) -> None:
    src = pymupdf.open()
    for _ in range(pages):
        src.new_page(width=100, height=100)
    msg = _error(bytes(src.tobytes()), "thick.pdf")
    assert f"has {pages} pages" in msg and "limit is 50" in msg


def test_too_many_tiff_pages() -> None:
    assert "has 3 pages" in _error(multipage_tiff(3), options=IntakeOptions(max_pages=2))


def test_pdf_without_pages() -> None:
    assert "no pages" in _error(b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n")


def test_corrupt_bodies_with_valid_magic() -> None:
    for magic in (b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff\xe0", b"II*\x00", b"%PDF-1.7\n"):
        msg = _error(magic + b"\x13\x37" * 50 + b"%%EOF")
        assert "corrupt" in msg or "truncated" in msg or "no pages" in msg
