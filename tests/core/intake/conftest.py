"""Small seed files for intake tests and the fuzz test (all synthetic, marked SPECIMEN)."""

from __future__ import annotations

import io

import numpy as np
import pymupdf
import pytest
from PIL import Image

from tests.core.imaging import samples as S


def small_page(w: int = 96, h: int = 64) -> np.ndarray:
    """A tiny BGR image with some structure (so codecs produce non-trivial streams)."""
    rng = np.random.default_rng(7)
    img = np.full((h, w, 3), 235, np.uint8)
    img[10:20, 8 : w - 8] = (20, 30, 40)
    img[30:34, 8:60] = (200, 50, 50)
    img[40:, :] = rng.integers(0, 255, size=(h - 40, w, 3), dtype=np.uint8)
    return img


def pil_bytes(img: np.ndarray, fmt: str, **kwargs: object) -> bytes:
    buf = io.BytesIO()
    Image.fromarray(img[:, :, ::-1]).save(buf, format=fmt, **kwargs)
    return buf.getvalue()


def multipage_tiff(n: int = 3) -> bytes:
    frames = [Image.fromarray(np.full((40, 60), 40 * (i + 1), np.uint8)) for i in range(n)]
    buf = io.BytesIO()
    frames[0].save(buf, format="TIFF", save_all=True, append_images=frames[1:], dpi=(200, 200))
    return buf.getvalue()


def tiny_pdf(pages: int = 2, text: str = "SPECIMEN") -> bytes:
    doc = pymupdf.open()
    for i in range(pages):
        page = doc.new_page(width=200, height=120)
        page.insert_text((20, 50), f"{text} {i + 1}", fontsize=14)
    data = bytes(doc.tobytes(garbage=3, deflate=True))
    doc.close()
    return data


@pytest.fixture(scope="session")
def seeds() -> dict[str, bytes]:
    img = small_page()
    return {
        "png": pil_bytes(img, "PNG"),
        "jpeg": pil_bytes(img, "JPEG", quality=80),
        "tiff": multipage_tiff(2),
        "tiff_lzw": pil_bytes(img, "TIFF", compression="tiff_lzw"),
        "pdf": tiny_pdf(1),
    }


@pytest.fixture(scope="session")
def text_pdf() -> bytes:
    return S.text_page_pdf(seed=2, lines=5, pages=3)
