"""SPECIMEN employment letters for the letter reader's tests, drawn with PyMuPDF.

Every letter carries a visible "SPECIMEN" mark; names and numbers are invented.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import pymupdf as fitz

from workstation.documents.letter_text import SOURCE_OCR, SOURCE_TEXT_LAYER, LetterPage, LetterWord


@dataclass(frozen=True)
class Specimen:
    """A letter's lines (with font size) and its ground truth."""

    lines: Sequence[tuple[str, float]]
    truth: dict[str, str] = field(default_factory=dict)


def draw_pdf(spec: Specimen, *, font: str = "helv") -> bytes:
    """A one-page born-digital PDF with the specimen's lines and a SPECIMEN stamp."""
    doc = fitz.open()
    page = doc.new_page(width=612, height=792)
    y = 60.0
    for text, size in spec.lines:
        if text == "":
            y += size
            continue
        if "\t" in text:
            left, right = text.split("\t", 1)
            page.insert_text((60, y), left, fontsize=size, fontname=font)
            page.insert_text((260, y), right, fontsize=size, fontname=font)
        else:
            page.insert_text((60, y), text, fontsize=size, fontname=font)
        y += size * 1.6
    page.insert_text((420, 760), "SPECIMEN", fontsize=20, fontname="hebo", color=(0.8, 0.1, 0.1))
    data = doc.tobytes()
    doc.close()
    return bytes(data)


def text_layer_pages(pdf: bytes, dpi: int = 300) -> list[LetterPage]:
    """The PDF's text layer as LetterPages, boxes scaled to rendered-image pixels (like intake)."""
    doc = fitz.open(stream=pdf, filetype="pdf")
    scale = dpi / 72.0
    pages = []
    for i, page in enumerate(doc, 1):
        words = tuple(
            LetterWord(w[4], (w[0] * scale, w[1] * scale, w[2] * scale, w[3] * scale), 1.0, i, SOURCE_TEXT_LAYER)
            for w in page.get_text("words")
        )
        pages.append(LetterPage(i, page.rect.width * scale, page.rect.height * scale, words, SOURCE_TEXT_LAYER))
    doc.close()
    return pages


def render(pdf: bytes, dpi: int = 300) -> list[np.ndarray]:
    """Each page rendered as a grayscale uint8 array (a clean 'scan')."""
    doc = fitz.open(stream=pdf, filetype="pdf")
    out = []
    for page in doc:
        pix = page.get_pixmap(dpi=dpi, colorspace=fitz.csGRAY)
        out.append(np.frombuffer(pix.samples, dtype=np.uint8).reshape(pix.height, pix.width).copy())
    doc.close()
    return out


def ocr_pages(images: Sequence[np.ndarray]) -> list[LetterPage]:
    """OCR each image with Tesseract (eng) into LetterPages."""
    import pytesseract

    pages = []
    for i, img in enumerate(images, 1):
        d = pytesseract.image_to_data(img, lang="eng", output_type=pytesseract.Output.DICT)
        words = tuple(
            LetterWord(t, (float(x), float(y), float(x + w), float(y + h)), max(0.0, float(c)) / 100, i, SOURCE_OCR)
            for t, x, y, w, h, c in zip(d["text"], d["left"], d["top"], d["width"], d["height"], d["conf"], strict=True)
            if t.strip()
        )
        pages.append(LetterPage(i, float(img.shape[1]), float(img.shape[0]), words, SOURCE_OCR))
    return pages
