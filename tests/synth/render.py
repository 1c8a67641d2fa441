"""PyMuPDF drawing helpers shared by every document kind: fonts, Latin and RTL text, SPECIMEN marks."""

from __future__ import annotations

import functools
import math
import random
import re

import numpy as np
import pymupdf

_TT = "/usr/share/fonts/truetype/"
FONT_FILES = {
    "dejavu_sans": _TT + "dejavu/DejaVuSans.ttf",
    "dejavu_sans_bold": _TT + "dejavu/DejaVuSans-Bold.ttf",
    "dejavu_sans_cond": _TT + "dejavu/DejaVuSansCondensed.ttf",
    "dejavu_sans_cond_bold": _TT + "dejavu/DejaVuSansCondensed-Bold.ttf",
    "dejavu_serif": _TT + "dejavu/DejaVuSerif.ttf",
    "dejavu_serif_bold": _TT + "dejavu/DejaVuSerif-Bold.ttf",
    "dejavu_mono": _TT + "dejavu/DejaVuSansMono.ttf",
    "liberation_sans": _TT + "liberation/LiberationSans-Regular.ttf",
    "liberation_sans_bold": _TT + "liberation/LiberationSans-Bold.ttf",
    "liberation_sans_narrow": _TT + "liberation/LiberationSansNarrow-Regular.ttf",
    "liberation_sans_narrow_bold": _TT + "liberation/LiberationSansNarrow-Bold.ttf",
    "liberation_serif": _TT + "liberation/LiberationSerif-Regular.ttf",
    "liberation_serif_bold": _TT + "liberation/LiberationSerif-Bold.ttf",
    "liberation_serif_italic": _TT + "liberation/LiberationSerif-Italic.ttf",
    "liberation_mono": _TT + "liberation/LiberationMono-Regular.ttf",
    "free_sans": _TT + "freefont/FreeSans.ttf",
    "free_sans_bold": _TT + "freefont/FreeSansBold.ttf",
    "free_serif": _TT + "freefont/FreeSerif.ttf",
    "free_serif_bold": _TT + "freefont/FreeSerifBold.ttf",
    "free_serif_italic": _TT + "freefont/FreeSerifItalic.ttf",
    "free_mono": _TT + "freefont/FreeMono.ttf",
    "ocrb": "/usr/share/fonts/opentype/ocr-b/OCRB.otf",
    "ocrb_sharp": "/usr/share/fonts/opentype/ocr-b/OCRBS.otf",
    "dkg": _TT + "fifthhorseman/dkg.ttf",
    "dkg_bold": _TT + "fifthhorseman/dkgBd.ttf",
    "femkeklaver": _TT + "femkeklaver/femkeklaver.ttf",
}
# Arabic-script fonts, used through insert_htmlbox (which shapes and orders RTL text).
ARABIC_FONT_FILES = {
    "naskh": _TT + "noto/NotoNaskhArabic-Regular.ttf",
    "naskh_bold": _TT + "noto/NotoNaskhArabic-Bold.ttf",
    "noto_sans_arabic": _TT + "noto/NotoSansArabic-Regular.ttf",
    "noto_sans_arabic_bold": _TT + "noto/NotoSansArabic-Bold.ttf",
    "amiri": "/usr/share/fonts/opentype/fonts-hosny-amiri/Amiri-Regular.ttf",
    "amiri_bold": "/usr/share/fonts/opentype/fonts-hosny-amiri/Amiri-Bold.ttf",
    "nazli": _TT + "farsiweb/nazli.ttf",
    "nazli_bold": _TT + "farsiweb/nazlib.ttf",
    "homa": _TT + "farsiweb/homa.ttf",
    "titr": _TT + "farsiweb/titr.ttf",
}
LATIN_SANS = ("dejavu_sans", "dejavu_sans_cond", "liberation_sans", "liberation_sans_narrow", "free_sans")
LATIN_SERIF = ("dejavu_serif", "liberation_serif", "free_serif")
ARABIC_BODY = ("naskh", "amiri", "nazli", "noto_sans_arabic")

Color = tuple[float, float, float]


@functools.cache
def font(key: str) -> pymupdf.Font:
    """The (cached) PyMuPDF font for a key of ``FONT_FILES``."""
    return pymupdf.Font(fontfile=FONT_FILES[key])


def bold_of(key: str) -> str:
    """The bold sibling of a font key when there is one."""
    for cand in (key + "_bold", key.replace("_italic", "") + "_bold"):
        if cand in FONT_FILES:
            return cand
    return key


def text_width(s: str, key: str, size: float) -> float:
    """Width in points of ``s`` set in font ``key`` at ``size``."""
    return float(font(key).text_length(s, fontsize=size))


def text(
    page: pymupdf.Page,
    x: float,
    y: float,
    s: str,
    key: str,
    size: float,
    color: Color = (0, 0, 0),
    *,
    opacity: float = 1.0,
    angle: float = 0.0,
    align: str = "left",
    max_width: float | None = None,
) -> tuple[float, float, float, float]:
    """Write one line of Latin text with its baseline at (x, y); return its box (points).

    ``align`` ``right``/``center`` put x at the right edge/centre. ``max_width`` squeezes the size to fit.
    """
    if not s:
        return (x, y, x, y)
    w = text_width(s, key, size)
    if max_width is not None and w > max_width:
        size *= max_width / w
        w = max_width
    if align == "right":
        x -= w
    elif align == "center":
        x -= w / 2
    tw = pymupdf.TextWriter(page.rect)
    tw.append((x, y), s, font=font(key), fontsize=size)
    morph = None
    if angle:
        morph = (pymupdf.Point(x, y), pymupdf.Matrix(angle))
    tw.write_text(page, color=color, opacity=opacity, morph=morph)
    return (x, y - size * 0.8, x + w, y + size * 0.25)


@functools.cache
def _css(keys: tuple[str, ...]) -> str:
    faces = "".join(f"@font-face {{font-family: {k}; src: url({ARABIC_FONT_FILES[k]});}}\n" for k in keys)
    return faces + "body {margin: 0; padding: 0;} p, div {margin: 0; padding: 0;}"


_NUMBER_RUN = re.compile(r"[0-9۰-۹٠-٩]+(?:[-/.][0-9۰-۹٠-٩]+)+")


def isolate_numbers(s: str) -> str:
    """Wrap hyphenated/slashed digit runs in LTR isolates: MuPDF's bidi would reverse ``1399-0101-12345``."""
    return _NUMBER_RUN.sub(lambda m: "\u2066" + m.group(0) + "\u2069", s)


def html_escape(s: str) -> str:
    """Minimal HTML escaping."""
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def rtl(
    page: pymupdf.Page,
    rect: tuple[float, float, float, float],
    s: str,
    key: str,
    size: float,
    color: Color = (0, 0, 0),
    *,
    align: str = "right",
    bold: bool = False,
    direction: str = "rtl",
    opacity: float = 1.0,
    prefix_html: str = "",
) -> None:
    """Write shaped Arabic-script text (Dari, Pashto) inside ``rect``; shrinks the text to fit."""
    hexcol = "#" + "".join(f"{int(c * 255):02x}" for c in color)
    weight = "bold" if bold else "normal"
    if direction == "rtl":
        # MuPDF mirrors text-align inside dir="rtl" (measured with PyMuPDF 1.28).
        align = {"right": "left", "left": "right"}.get(align, align)
    html = (
        f'<div dir="{direction}" style="font-family: {key}; font-size: {size:.1f}px; color: {hexcol}; '
        f'text-align: {align}; font-weight: {weight}; line-height: 1.25">{prefix_html}{isolate_numbers(html_escape(s))}</div>'
    )
    page.insert_htmlbox(pymupdf.Rect(*rect), html, css=_css(tuple(sorted(ARABIC_FONT_FILES))), opacity=opacity)


def html_block(page: pymupdf.Page, rect: tuple[float, float, float, float], html: str, extra_css: str = "") -> float:
    """Insert an HTML fragment (Arabic fonts available by key); return the scale used (1 = fitted)."""
    res = page.insert_htmlbox(pymupdf.Rect(*rect), html, css=_css(tuple(sorted(ARABIC_FONT_FILES))) + extra_css)
    return float(res[1])


def specimen(
    page: pymupdf.Page,
    rng: random.Random,
    area: tuple[float, float, float, float],
    *,
    style: str | None = None,
    size: float | None = None,
) -> str:
    """Mark ``area`` visibly SPECIMEN (diagonal watermark or a corner stamp); return the style used."""
    style = style or rng.choice(("diagonal", "diagonal", "stamp"))
    x0, y0, x1, y1 = area
    red = (0.80 + rng.random() * 0.15, 0.05 + rng.random() * 0.1, 0.1)
    key = rng.choice(("dejavu_sans_bold", "liberation_sans_bold", "free_sans_bold"))
    if style == "diagonal":
        w, h = x1 - x0, y1 - y0
        ang = math.degrees(math.atan2(h, w)) * rng.uniform(0.55, 0.9)
        r = math.radians(ang)
        sz = size or min(w, h) * 0.3
        tw = text_width("SPECIMEN", key, sz)
        # fit the rotated text's bounding box inside the area
        fit = min(w / (tw * math.cos(r) + sz * math.sin(r)), h / (tw * math.sin(r) + sz * math.cos(r))) * 0.95
        if fit < 1:
            sz *= fit
            tw *= fit
        cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
        sx = cx - math.cos(r) * tw / 2 + math.sin(r) * sz * 0.35
        sy = cy + math.sin(r) * tw / 2 + math.cos(r) * sz * 0.35
        text(page, sx, sy, "SPECIMEN", key, sz, red, opacity=rng.uniform(0.35, 0.5), angle=ang)
    elif style == "stamp":
        sz = size or (y1 - y0) * 0.09
        tw = text_width("SPECIMEN", key, sz)
        bx1 = x1 - 6
        bx0 = bx1 - tw - 10
        by1 = y1 - 4
        by0 = by1 - sz * 1.4
        ang = rng.uniform(-12, 12)
        shape = page.new_shape()
        shape.draw_rect(pymupdf.Rect(bx0, by0, bx1, by1))
        cx, cy = (bx0 + bx1) / 2, (by0 + by1) / 2
        shape.finish(color=red, width=max(1.0, sz / 10), morph=(pymupdf.Point(cx, cy), pymupdf.Matrix(ang)),
                     stroke_opacity=0.75)
        shape.commit()
        r = math.radians(ang)
        sx = cx - math.cos(r) * tw / 2 + math.sin(r) * sz * 0.35
        sy = cy + math.sin(r) * tw / 2 + math.cos(r) * sz * 0.35
        text(page, sx, sy, "SPECIMEN", key, sz, red, opacity=0.8, angle=ang)
    else:  # banner across the top of the area
        sz = size or (y1 - y0) * 0.08
        text(page, (x0 + x1) / 2, y0 + sz * 1.2, "SPECIMEN  ·  SPECIMEN  ·  SPECIMEN", key, sz, red,
             opacity=0.55, align="center", max_width=(x1 - x0) * 0.9)
    return style


def guilloche(
    page: pymupdf.Page, rng: random.Random, rect: tuple[float, float, float, float], color: Color, n: int = 14
) -> None:
    """Fine wavy security-print lines over ``rect``."""
    x0, y0, x1, y1 = rect
    shape = page.new_shape()
    f1, f2 = rng.uniform(0.02, 0.05), rng.uniform(0.05, 0.11)
    amp = (y1 - y0) / (n * 0.9)
    for i in range(n):
        base = y0 + (i + 0.5) * (y1 - y0) / n
        ph = rng.uniform(0, 6.28)
        pts = []
        x = x0
        while x <= x1:
            y = base + amp * math.sin(f1 * x + ph) + amp * 0.4 * math.sin(f2 * x + 2 * ph)
            pts.append(pymupdf.Point(x, y))
            x += 6
        shape.draw_polyline(pts)
    shape.finish(color=color, width=0.35, stroke_opacity=0.6)
    shape.commit()


def photo_placeholder(page: pymupdf.Page, rng: random.Random, rect: tuple[float, float, float, float]) -> None:
    """A grey portrait placeholder (head and shoulders silhouette) where the holder's photo goes."""
    x0, y0, x1, y1 = rect
    shape = page.new_shape()
    g = rng.uniform(0.78, 0.9)
    shape.draw_rect(pymupdf.Rect(rect))
    shape.finish(color=(0.4, 0.4, 0.4), fill=(g, g * 0.98, g * 0.96), width=0.6)
    w, h = x1 - x0, y1 - y0
    cx = (x0 + x1) / 2 + rng.uniform(-0.04, 0.04) * w
    shape.draw_oval(pymupdf.Rect(cx - w * 0.2, y0 + h * 0.14, cx + w * 0.2, y0 + h * 0.54))
    # shoulders: the top of an ellipse, cut at the bottom edge of the box
    ecx, ecy, rx, ry = cx, y0 + h * 0.98, w * 0.42, h * 0.38
    pts = []
    for k in range(0, 37):
        a = math.pi + math.pi * k / 36
        pts.append(pymupdf.Point(ecx + rx * math.cos(a), min(y1, ecy + ry * math.sin(a))))
    pts.append(pymupdf.Point(ecx + rx, y1))
    pts.append(pymupdf.Point(ecx - rx, y1))
    shape.draw_polyline(pts)
    d = g - rng.uniform(0.3, 0.45)
    shape.finish(color=None, fill=(d, d, d * 1.02))
    shape.commit()
    page.draw_rect(pymupdf.Rect(rect), color=(0.35, 0.35, 0.35), width=0.6)


def to_array(page: pymupdf.Page, dpi: int, clip: tuple[float, float, float, float] | None = None) -> np.ndarray:
    """Render ``page`` to an RGB uint8 array at ``dpi``."""
    pix = page.get_pixmap(dpi=dpi, alpha=False, clip=pymupdf.Rect(*clip) if clip else None)
    arr = np.frombuffer(pix.samples, dtype=np.uint8).reshape(pix.height, pix.width, pix.n)
    return arr[:, :, :3].copy()


def pale(rng: random.Random, base: Color | None = None, amount: float = 0.12) -> Color:
    """A pale tint (a paper or card background)."""
    if base is None:
        base = rng.choice(((0.85, 0.95, 0.88), (0.88, 0.92, 0.98), (0.98, 0.92, 0.9), (0.97, 0.96, 0.88),
                           (0.93, 0.93, 0.93)))
    return tuple(min(1.0, max(0.0, c + rng.uniform(-amount / 3, amount / 3))) for c in base)  # type: ignore[return-value]


def norm_boxes(
    boxes: dict[str, tuple[float, float, float, float]], w: float, h: float
) -> dict[str, list[float]]:
    """Boxes in points as fractions of the page size (x0, y0, x1, y1), 4 decimals."""
    return {k: [round(b[0] / w, 4), round(b[1] / h, 4), round(b[2] / w, 4), round(b[3] / h, 4)]
            for k, b in boxes.items()}
