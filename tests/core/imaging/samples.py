"""Synthetic test images for intake, imaging and OCR tests; every one visibly marked SPECIMEN.

Pages are drawn with PyMuPDF (real fonts, real text layout) and damaged with OpenCV: rotation,
skew, blur, perspective photos on a textured desk, glare. Everything is seeded and deterministic.
"""

from __future__ import annotations

import math
import random

import cv2
import numpy as np
import pymupdf

A4_PT = (595.0, 842.0)
ID3_MM = (125.0, 88.0)

_WORDS = ["the", "officer", "checks", "each", "document", "against", "the", "case", "record", "and", "notes", "what", "was", "found", "employment", "letter", "confirms", "service", "as", "interpreter", "with", "the", "embassy", "from", "march", "until", "august", "passport", "issued", "in", "kabul", "valid", "for", "ten", "years", "holder", "signature", "specimen", "not", "valid", "for", "travel", "supervisor", "contact", "details", "contract", "number", "position", "start", "date", "end", "date", "reference"]

MRZ_TD3 = (
    "P<AFGAHMADZAI<<MOHAMMAD<NASIR<<<<<<<<<<<<<<<<",
    "P012345673AFG8803213M2705015<<<<<<<<<<<<<<02",
)


def _pix_to_bgr(pix: pymupdf.Pixmap) -> np.ndarray:
    arr = np.frombuffer(pix.samples, dtype=np.uint8).reshape(pix.height, pix.width, pix.n)
    return np.ascontiguousarray(arr[:, :, 2::-1])


def text_page_pdf(seed: int = 0, lines: int = 28, pages: int = 1, fontsize: float = 11.0) -> bytes:
    """A PDF of A4 text pages (with a text layer), headed SPECIMEN."""
    rng = random.Random(seed)
    doc = pymupdf.open()
    for p in range(pages):
        page = doc.new_page(width=A4_PT[0], height=A4_PT[1])
        page.insert_text((72, 80), f"SPECIMEN - synthetic test page {p + 1}", fontsize=16, fontname="hebo")
        y = 120.0
        for _ in range(lines):
            words = " ".join(rng.choice(_WORDS) for _ in range(11))
            page.insert_text((72, y), words.capitalize(), fontsize=fontsize, fontname="helv")
            y += fontsize * 2.0
    data = doc.tobytes()
    doc.close()
    return bytes(data)


def text_page(seed: int = 0, dpi: int = 150, lines: int = 28, fontsize: float = 11.0) -> np.ndarray:
    """A rendered A4 text page, BGR."""
    doc = pymupdf.open(stream=text_page_pdf(seed, lines, fontsize=fontsize), filetype="pdf")
    img = _pix_to_bgr(doc[0].get_pixmap(dpi=dpi, alpha=False))
    doc.close()
    return img


def id_card(seed: int = 0, dpi: int = 300) -> np.ndarray:
    """An ID-3 passport-like data page (125 x 88 mm): tinted background, labels, photo box, MRZ."""
    rng = random.Random(seed)
    w_pt, h_pt = ID3_MM[0] / 25.4 * 72, ID3_MM[1] / 25.4 * 72
    doc = pymupdf.open()
    page = doc.new_page(width=w_pt, height=h_pt)
    tint = (0.86 + rng.random() * 0.06, 0.90 + rng.random() * 0.05, 0.82 + rng.random() * 0.08)
    page.draw_rect(page.rect, color=None, fill=tint)
    for i in range(0, int(w_pt), 9):  # guilloche-like fine lines
        page.draw_line((i, 0), (i + 40, h_pt), color=(tint[0] - 0.08, tint[1] - 0.06, tint[2] - 0.05), width=0.3)
    page.insert_text((12, 20), "ISLAMIC REPUBLIC OF AFGHANISTAN   PASSPORT   SPECIMEN", fontsize=8, fontname="hebo")
    page.draw_rect(pymupdf.Rect(12, 30, 90, 130), color=(0.3, 0.3, 0.3), fill=(0.7, 0.7, 0.72))
    page.insert_text((30, 85), "PHOTO", fontsize=9, fontname="helv")
    labels = ("Surname", "Given names", "Nationality", "Date of birth", "Sex", "Date of expiry")
    values = ("AHMADZAI", "MOHAMMAD NASIR", "AFGHAN", "21/03/1988", "M", "01/05/2027")
    y = 40.0
    for lab, val in zip(labels, values, strict=True):
        page.insert_text((100, y), lab, fontsize=6, fontname="helv")
        page.insert_text((100, y + 9), val, fontsize=9, fontname="hebo")
        y += 17
    page.insert_text((230, 60), "SPECIMEN", fontsize=20, fontname="hebo", color=(0.8, 0.1, 0.1))
    for i, line in enumerate(MRZ_TD3):
        page.insert_text((12, h_pt - 28 + i * 13), line, fontsize=10.2, fontname="cour")
    img = _pix_to_bgr(page.get_pixmap(dpi=dpi, alpha=False))
    doc.close()
    return img


def rotate_quarter(img: np.ndarray, rotation_ccw: int) -> np.ndarray:
    """Turn an upright image *counter-clockwise* (so the fix is a clockwise turn of the same angle)."""
    codes = {90: cv2.ROTATE_90_COUNTERCLOCKWISE, 180: cv2.ROTATE_180, 270: cv2.ROTATE_90_CLOCKWISE}
    return img if rotation_ccw % 360 == 0 else cv2.rotate(img, codes[rotation_ccw % 360])


def skew(img: np.ndarray, angle_ccw: float, fill: int = 255) -> np.ndarray:
    """Rotate counter-clockwise by ``angle_ccw`` degrees with an enlarged canvas."""
    h, w = img.shape[:2]
    a = math.radians(angle_ccw)
    nw = int(abs(w * math.cos(a)) + abs(h * math.sin(a))) + 2
    nh = int(abs(w * math.sin(a)) + abs(h * math.cos(a))) + 2
    m = cv2.getRotationMatrix2D((w / 2, h / 2), angle_ccw, 1.0)
    m[0, 2] += (nw - w) / 2
    m[1, 2] += (nh - h) / 2
    return cv2.warpAffine(img, m, (nw, nh), borderValue=(fill, fill, fill))


def gaussian_blur(img: np.ndarray, sigma: float) -> np.ndarray:
    """Gaussian blur with standard deviation ``sigma`` pixels."""
    return cv2.GaussianBlur(img, (0, 0), sigma) if sigma > 0 else img


def desk(seed: int, w: int, h: int) -> np.ndarray:
    """A textured desk background (wood-ish or dark fabric)."""
    rng = np.random.default_rng(seed)
    base = rng.integers(40, 120, size=3).astype(np.float32)
    noise = cv2.GaussianBlur(rng.normal(0, 18, (h, w)).astype(np.float32), (0, 0), 3)
    stripes = 12 * np.sin(np.linspace(0, 40, w))[None, :].astype(np.float32)
    img = base[None, None, :] + (noise + stripes)[:, :, None]
    return np.clip(img, 0, 255).astype(np.uint8)


def photo_on_desk(doc: np.ndarray, seed: int = 0, fill: float = 0.6, tilt: float = 0.12) -> tuple[np.ndarray, np.ndarray]:
    """Photograph ``doc`` lying on a desk: perspective, rotation, uneven light. Returns image and true corners."""
    rng = random.Random(seed)
    h, w = doc.shape[:2]
    out_w = 1600
    out_h = 1200
    scale = fill * min(out_w / w, out_h / h)
    cw, ch = w * scale, h * scale
    cx, cy = out_w / 2 + rng.uniform(-60, 60), out_h / 2 + rng.uniform(-40, 40)
    ang = math.radians(rng.uniform(-12, 12))
    corners = []
    for dx, dy in ((-cw / 2, -ch / 2), (cw / 2, -ch / 2), (cw / 2, ch / 2), (-cw / 2, ch / 2)):
        jx, jy = rng.uniform(-tilt, tilt) * cw * 0.5, rng.uniform(-tilt, tilt) * ch * 0.5
        x = cx + (dx + jx) * math.cos(ang) - (dy + jy) * math.sin(ang)
        y = cy + (dx + jx) * math.sin(ang) + (dy + jy) * math.cos(ang)
        corners.append((x, y))
    dst = np.array(corners, dtype=np.float32)
    src = np.array([[0, 0], [w - 1, 0], [w - 1, h - 1], [0, h - 1]], dtype=np.float32)
    m = cv2.getPerspectiveTransform(src, dst)
    bg = desk(seed, out_w, out_h)
    warped = cv2.warpPerspective(doc, m, (out_w, out_h), flags=cv2.INTER_AREA)
    mask = cv2.warpPerspective(np.full((h, w), 255, np.uint8), m, (out_w, out_h))
    out = np.where(mask[:, :, None] > 127, warped, bg)
    light = np.linspace(0.85, 1.0, out_w, dtype=np.float32)[None, :, None]
    out = np.clip(out.astype(np.float32) * light, 0, 255).astype(np.uint8)
    return out, dst


def add_glare(img: np.ndarray, seed: int = 0, radius_frac: float = 0.12) -> np.ndarray:
    """A blown-out specular highlight over part of the image."""
    rng = random.Random(seed)
    h, w = img.shape[:2]
    cx, cy = int(w * rng.uniform(0.3, 0.7)), int(h * rng.uniform(0.3, 0.7))
    r = int(min(w, h) * radius_frac)
    yy, xx = np.mgrid[0:h, 0:w]
    d = np.sqrt((xx - cx) ** 2 + (yy - cy) ** 2) / r
    boost = np.clip(1.6 - d, 0, 1)[:, :, None] * 400.0
    return np.clip(img.astype(np.float32) + boost, 0, 255).astype(np.uint8)


def encode(img: np.ndarray, ext: str) -> bytes:
    """Encode with OpenCV (``.png``, ``.jpg``, ``.tif``)."""
    ok, buf = cv2.imencode(ext, img)
    assert ok
    return bytes(buf.tobytes())
