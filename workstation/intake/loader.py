"""Turn a file (or bytes) into a :class:`SourceDocument`: the only decoder of images and PDFs.

Order of defence, cheapest first, so hostile input costs almost nothing:

1. size of the file (``max_file_bytes``) and emptiness, from ``stat`` before reading;
2. the format, sniffed from magic bytes (never from the extension);
3. image dimensions from the header (before any pixel is decoded) against ``max_megapixels``;
   PDF encryption, page count and truncation before any page is rendered;
4. decoding, where every exception of Pillow or PyMuPDF becomes one :class:`InputError`.
"""

from __future__ import annotations

import functools
import hashlib
import io
import logging
import math
import re
import threading
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from workstation.errors import InputError, WorkstationError
from workstation.intake.model import (
    IntakeOptions,
    PageImage,
    SourceDocument,
    SourceFormat,
    TextWord,
)
from workstation.progress import NULL_REPORTER, CancelToken, Reporter

log = logging.getLogger(__name__)

_OTHER_FORMATS: tuple[tuple[bytes, int, str], ...] = (
    (b"GIF8", 0, "GIF"),
    (b"BM", 0, "BMP"),
    (b"WEBP", 8, "WebP"),
    (b"ftypheic", 4, "HEIC (iPhone photo)"),
    (b"ftypheix", 4, "HEIC (iPhone photo)"),
    (b"ftypmif1", 4, "HEIF"),
    (b"ftypavif", 4, "AVIF"),
    (b"PK\x03\x04", 0, "ZIP or Office document"),
    (b"\xd0\xcf\x11\xe0", 0, "old Office document"),
    (b"\x00\x00\x00\x0cjP  ", 0, "JPEG 2000"),
)

SUPPORTED = "JPEG, PNG, TIFF or PDF"

#: A declared resolution this low or high is junk metadata, not a scan setting.
_MIN_DPI, _MAX_DPI = 50.0, 4800.0
#: Cameras and screenshots declare 72 or 96 DPI whatever the real resolution; large images with it are photos.
_DEFAULT_DPIS = (72.0, 96.0)


def sniff_format(head: bytes) -> SourceFormat | None:
    """The supported format of a file from its first bytes, or ``None``."""
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head[:4] in (b"II*\x00", b"MM\x00*", b"II+\x00", b"MM\x00+"):
        return "tiff"
    if b"%PDF-" in head[:1024]:
        return "pdf"
    return None


def _describe_unknown(head: bytes) -> str:
    for magic, offset, name in _OTHER_FORMATS:
        if head[offset : offset + len(magic)] == magic:
            return f"{name} files are not supported: save the document as {SUPPORTED}."
    return f"Unknown file format: not {SUPPORTED}."


def load_document(
    path: Path | str,
    options: IntakeOptions | None = None,
    *,
    reporter: Reporter = NULL_REPORTER,
    cancel: CancelToken | None = None,
) -> SourceDocument:
    """Decode an image or PDF file into page images.

    Args:
        path: The file.
        options: Limits and page selection (defaults: :class:`IntakeOptions`).
        reporter: Receives ``update(done, total, "intake")`` after each page.
        cancel: Checked between pages.

    Raises:
        InputError: The file is missing, empty, too large, of an unknown format, encrypted,
            truncated or corrupt; the message says which in one line.
        CancelledError: ``cancel`` was set.
    """
    p = Path(path)
    opts = options or IntakeOptions()
    try:
        st = p.stat()
    except FileNotFoundError as e:
        raise InputError(f"File not found: {p.name}") from e
    except OSError as e:
        raise InputError(f"Cannot read {p.name}: {e.strerror or e}") from e
    if not p.is_file():
        raise InputError(f"Not a file: {p.name}")
    if st.st_size == 0:
        raise InputError(f"The file is empty: {p.name}")
    if st.st_size > opts.max_file_bytes:
        raise InputError(
            f"The file is too large ({st.st_size / 1e6:.0f} MB; the limit is {opts.max_file_bytes / 1e6:.0f} MB): {p.name}"
        )
    try:
        data = p.read_bytes()
    except OSError as e:
        raise InputError(f"Cannot read {p.name}: {e.strerror or e}") from e
    return load_bytes(data, p.name, opts, reporter=reporter, cancel=cancel)


def load_bytes(
    data: bytes,
    file_name: str = "input",
    options: IntakeOptions | None = None,
    *,
    reporter: Reporter = NULL_REPORTER,
    cancel: CancelToken | None = None,
) -> SourceDocument:
    """Decode an in-memory image or PDF (a camera frame, a scanner buffer, a test).

    Same contract as :func:`load_document`; ``file_name`` is only used in messages and the result.
    """
    opts = options or IntakeOptions()
    if not data:
        raise InputError(f"The file is empty: {file_name}")
    if len(data) > opts.max_file_bytes:
        raise InputError(f"The file is too large ({len(data) / 1e6:.0f} MB): {file_name}")
    fmt = sniff_format(data[:1024])
    if fmt is None:
        raise InputError(f"{_describe_unknown(data[:64])} ({file_name})")
    digest = hashlib.sha256(data).hexdigest()
    try:
        if fmt == "pdf":
            page_count, pages, notes = _load_pdf(data, opts, reporter, cancel)
        else:
            page_count, pages, notes = _load_image(data, fmt, opts, reporter, cancel)
    except WorkstationError:
        raise
    except MemoryError as e:
        raise InputError(f"Not enough memory to decode {file_name}.") from e
    except Exception as e:  # noqa: BLE001 - decoders raise many types on hostile input; all are bad input
        raise InputError(_decode_message(fmt, e, file_name)) from e
    return SourceDocument(
        file_name=file_name,
        sha256=digest,
        kind="pdf" if fmt == "pdf" else "image",
        format=fmt,
        page_count=page_count,
        pages=tuple(pages),
        warnings=tuple(notes),
    )


def _decode_message(fmt: str, exc: BaseException, file_name: str) -> str:
    text = str(exc).lower()
    label = fmt.upper() if fmt != "jpeg" else "JPEG"
    if "truncat" in text or isinstance(exc, EOFError):
        return f"The {label} file is truncated (incomplete): copy or scan it again ({file_name})."
    return f"The {label} file is corrupt and cannot be decoded ({type(exc).__name__}) ({file_name})."


def _selected(count: int, opts: IntakeOptions) -> list[int]:
    if opts.pages is None:
        return list(range(count))
    return sorted({n - 1 for n in opts.pages if 1 <= n <= count})


# --- images --------------------------------------------------------------------------------------


def _load_image(
    data: bytes,
    fmt: SourceFormat,
    opts: IntakeOptions,
    reporter: Reporter,
    cancel: CancelToken | None,
) -> tuple[int, list[PageImage], list[str]]:
    from PIL import Image, ImageFile, ImageOps

    ImageFile.LOAD_TRUNCATED_IMAGES = False
    notes: list[str] = []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        # Our own limit is checked below from the header; Pillow's own bomb check stays as a backstop.
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            im: Any = Image.open(io.BytesIO(data), formats=[fmt.upper()])
        except Image.DecompressionBombError as e:
            # Pillow's own backstop fires in open() for images over twice its limit (~179 MP).
            m = re.search(r"\((\d+) pixels\)", str(e))
            size = f"{int(m.group(1)) / 1e6:.0f} megapixels; " if m else ""
            raise InputError(
                f"The image is too large ({size}the limit is {opts.max_megapixels:g}): scan at 300 DPI instead."
            ) from e
        frames = int(getattr(im, "n_frames", 1) or 1)
        if frames > opts.max_pages:
            raise InputError(f"The TIFF has {frames} pages; the limit is {opts.max_pages}.")
        wanted = _selected(frames, opts)
        pages: list[PageImage] = []
        for done, index in enumerate(wanted):
            if cancel is not None:
                cancel.raise_if_set()
            if index:
                im.seek(index)
            w, h = (int(v) for v in im.size)
            if w <= 0 or h <= 0:
                raise InputError("The image has no pixels.")
            if w * h > opts.max_pixels:
                raise InputError(
                    f"The image is too large ({w} x {h} = {w * h / 1e6:.0f} megapixels; "
                    f"the limit is {opts.max_megapixels:g}): scan at 300 DPI instead."
                )
            im.load()
            frame = im
            if index == 0:
                try:
                    # Only a photo whose orientation tag turns it is transposed (else a copy for nothing).
                    if im.getexif().get(_EXIF_ORIENTATION, 1) not in (None, 1):
                        transposed = ImageOps.exif_transpose(im)
                        if transposed is not None:
                            frame = transposed
                except Exception:  # noqa: BLE001 - broken EXIF must not lose the picture
                    notes.append("The photo's orientation tag is damaged and was ignored.")
            pages.append(
                PageImage(
                    page_number=index + 1,
                    image=_to_bgr(frame),
                    dpi=_declared_dpi(im.info.get("dpi"), w),
                    text_words=None,
                    source_size=(float(w), float(h)),
                )
            )
            reporter.update(done + 1, len(wanted), "intake")
    return frames, pages, notes


#: EXIF tag of a photo's orientation.
_EXIF_ORIENTATION = 0x0112


def _declared_dpi(value: object, width_px: int) -> float | None:
    if not isinstance(value, tuple) or not value:
        return None
    try:
        dpi = float(value[0])
    except (TypeError, ValueError):
        return None
    if not math.isfinite(dpi) or not (_MIN_DPI <= dpi <= _MAX_DPI):
        return None
    if round(dpi) in _DEFAULT_DPIS and width_px > 1500:
        return None
    return dpi


def _to_bgr(im: Any) -> npt.NDArray[np.uint8]:
    """Any Pillow mode to a contiguous uint8 BGR array; alpha composited on white."""
    mode = str(im.mode)
    if mode in ("I;16", "I;16L", "I;16B", "I;16N", "I", "F"):
        arr = np.asarray(im, dtype=np.float64)
        hi = float(np.nanmax(arr)) if arr.size else 0.0
        scale = 65535.0 if mode.startswith("I;16") or hi > 255 else 255.0
        gray = np.clip(np.nan_to_num(arr) * (255.0 / scale), 0, 255).astype(np.uint8)
        return np.ascontiguousarray(np.repeat(gray[:, :, None], 3, axis=2))
    if mode == "P" and "transparency" in im.info:
        im = im.convert("RGBA")
        mode = "RGBA"
    if mode in ("RGBA", "LA", "PA", "RGBa", "La"):
        rgba = np.asarray(im.convert("RGBA"), dtype=np.float32)
        alpha = rgba[:, :, 3:4] / 255.0
        rgb = rgba[:, :, :3] * alpha + 255.0 * (1.0 - alpha)
        out = np.clip(rgb + 0.5, 0, 255).astype(np.uint8)
    elif mode == "RGB":
        # Pillow writes the BGR bytes itself: one copy instead of three (convert, asarray, flip).
        w, h = im.size
        return np.frombuffer(bytearray(im.tobytes("raw", "BGR")), dtype=np.uint8).reshape(h, w, 3)
    else:
        out = np.asarray(im.convert("RGB"), dtype=np.uint8)
    return np.ascontiguousarray(out[:, :, ::-1])


# --- PDF -----------------------------------------------------------------------------------------


def _pymupdf() -> Any:
    import pymupdf

    pymupdf.TOOLS.mupdf_display_errors(False)  # type: ignore[no-untyped-call]
    pymupdf.TOOLS.mupdf_display_warnings(False)  # type: ignore[no-untyped-call]
    return pymupdf


def _load_pdf(
    data: bytes,
    opts: IntakeOptions,
    reporter: Reporter,
    cancel: CancelToken | None,
) -> tuple[int, list[PageImage], list[str]]:
    if b"%%EOF" not in data[-2048:]:
        raise InputError("The PDF is truncated (it has no end marker): save or scan it again.")
    pymupdf = _pymupdf()
    notes: list[str] = []
    with _PDF_LOCK, pymupdf.open(stream=data, filetype="pdf") as doc:
        if doc.needs_pass:
            raise InputError("The PDF is encrypted (password-protected): save an unprotected copy.")
        count = int(doc.page_count)
        if count == 0:
            raise InputError("The PDF has no pages (it is damaged or truncated).")
        if count > opts.max_pages:
            raise InputError(f"The PDF has {count} pages; the limit is {opts.max_pages}: split it.")
        if doc.is_repaired:
            notes.append("The PDF was damaged and has been repaired: check that every page is present.")
        wanted = _selected(count, opts)
        pages: list[PageImage] = []
        for done, index in enumerate(wanted):
            if cancel is not None:
                cancel.raise_if_set()
            pages.append(_load_pdf_page(pymupdf, doc.load_page(index), index + 1, opts, data))
            reporter.update(done + 1, len(wanted), "intake")
    return count, pages, notes


#: MuPDF's context is not meant for concurrent use: one PDF decode at a time (intake and lazy renders).
_PDF_LOCK = threading.RLock()


def _render_dpi(page: Any, number: int, opts: IntakeOptions) -> tuple[int, float, float]:
    """(dpi, width_pt, height_pt) of a page: the configured resolution, or less for a poster-sized page."""
    rect = page.rect
    w_pt, h_pt = float(rect.width), float(rect.height)
    if not (math.isfinite(w_pt) and math.isfinite(h_pt)) or w_pt < 1 or h_pt < 1:
        raise InputError(f"Page {number} of the PDF has no usable size.")
    dpi = float(opts.render_dpi)
    pixels = w_pt * h_pt * (dpi / 72.0) ** 2
    if pixels > opts.max_pixels:
        # A poster-sized page: render it at whatever resolution fits the pixel budget.
        dpi = 72.0 * math.sqrt(opts.max_pixels / (w_pt * h_pt))
        if dpi < 30:
            raise InputError(f"Page {number} of the PDF is too large to render ({w_pt / 72:.0f} x {h_pt / 72:.0f} inches).")
    return max(1, int(dpi)), w_pt, h_pt


def _pixmap_size(pymupdf: Any, page: Any, dpi: int) -> tuple[int, int]:
    """The pixel size ``get_pixmap(dpi=dpi)`` gives, without rendering (MuPDF rounds the scaled page box outwards)."""
    zoom = dpi / 72.0
    r = page.rect * pymupdf.Matrix(zoom, zoom)
    return (math.ceil(r.x1 - 0.001) - math.floor(r.x0 + 0.001), math.ceil(r.y1 - 0.001) - math.floor(r.y0 + 0.001))


def _pixmap_array(pymupdf: Any, page: Any, dpi: int, number: int) -> npt.NDArray[np.uint8]:
    pix = page.get_pixmap(dpi=dpi, colorspace=pymupdf.csRGB, alpha=False)
    h, w, n = int(pix.height), int(pix.width), int(pix.n)
    if h < 1 or w < 1:
        raise InputError(f"Page {number} of the PDF rendered to an empty image.")
    stride = int(pix.stride)
    arr = np.frombuffer(pix.samples, dtype=np.uint8).reshape(h, stride)[:, : w * n].reshape(h, w, n)
    return np.ascontiguousarray(arr[:, :, 2::-1] if n >= 3 else np.repeat(arr[:, :, :1], 3, axis=2))


def _load_pdf_page(pymupdf: Any, page: Any, number: int, opts: IntakeOptions, data: bytes) -> PageImage:
    """One PDF page: its text layer now; its pixels now for a page without text, on first use otherwise.

    A page with a text layer is read from its words; rendering it at 300 DPI would cost ten times the
    reading, so the pixels wait until something (the viewer, an evidence crop, OCR of a page with too
    few words) asks for them.
    """
    dpi, w_pt, h_pt = _render_dpi(page, number, opts)
    w, h = _pixmap_size(pymupdf, page, dpi)
    if w < 1 or h < 1:
        raise InputError(f"Page {number} of the PDF rendered to an empty image.")
    words = tuple(_text_words(pymupdf, page, w / w_pt))
    if not words:
        image = _pixmap_array(pymupdf, page, dpi, number)
        return PageImage(page_number=number, image=image, dpi=float(dpi), text_words=words, source_size=(w_pt, h_pt))
    return PageImage(
        page_number=number,
        image=None,
        dpi=float(dpi),
        text_words=words,
        source_size=(w_pt, h_pt),
        render=functools.partial(_render_later, data, number, dpi, (w, h)),
        size=(w, h),
    )


def _render_later(data: bytes, number: int, dpi: int, size: tuple[int, int]) -> npt.NDArray[np.uint8]:
    """Render page ``number`` of the PDF ``data`` (a lazy page's first use); any failure is an :class:`InputError`."""
    pymupdf = _pymupdf()
    try:
        with _PDF_LOCK, pymupdf.open(stream=data, filetype="pdf") as doc:
            image = _pixmap_array(pymupdf, doc.load_page(number - 1), dpi, number)
    except WorkstationError:
        raise
    except MemoryError as e:
        raise InputError(f"Not enough memory to render page {number} of the PDF.") from e
    except Exception as e:  # noqa: BLE001 - the decoder raises many types; all mean the page cannot be shown
        raise InputError(f"Page {number} of the PDF cannot be rendered ({type(e).__name__}).") from e
    if (image.shape[1], image.shape[0]) != size:
        log.warning("page %d rendered at %dx%d, expected %dx%d", number, image.shape[1], image.shape[0], *size)
    return image


def _diagonal_lines(pymupdf: Any, page: Any, flags: int) -> set[tuple[int, int]]:
    """(block, line) of text lines running neither along nor across the page: watermarks and stamps
    ("SPECIMEN", "COPY" drawn at an angle). Their words would land between the lines of the body
    text in reading order, splitting an address or a number in two."""
    out: set[tuple[int, int]] = set()
    for b in page.get_text("dict", flags=flags).get("blocks", ()):
        for li, line in enumerate(b.get("lines", ())):
            dx, dy = line.get("dir", (1.0, 0.0))
            if min(abs(dx), abs(dy)) > 0.2:  # more than ~12 degrees off both axes
                out.add((int(b.get("number", -1)), li))
    return out


def _text_words(pymupdf: Any, page: Any, scale: float) -> Iterator[TextWord]:
    matrix = page.rotation_matrix * pymupdf.Matrix(scale, scale)
    flags = pymupdf.TEXTFLAGS_WORDS
    diagonal = _diagonal_lines(pymupdf, page, flags)
    for item in page.get_text("words", flags=flags):
        x0, y0, x1, y1, text = item[:5]
        text = str(text).strip()
        if not text or (int(item[5]), int(item[6])) in diagonal:
            continue
        r = pymupdf.Rect(x0, y0, x1, y1) * matrix
        yield TextWord(
            text=text,
            bbox=(float(r.x0), float(r.y0), float(r.x1), float(r.y1)),
            block=int(item[5]),
            line=int(item[6]),
            word=int(item[7]),
        )
