"""Build the Persian-digit shape templates used by :mod:`workstation.documents.letter_digits`.

Maintainer tool, not used at run time::

    python -m workstation.documents.letter_digits_train [--out workstation/documents/persian_digits.npz]

Renders the ten Extended Arabic-Indic digits (U+06F0..U+06F9) and the Arabic-Indic ones
(U+0660..U+0669), and the date separator ``/`` (class 10), in every font of :data:`FONTS` that has them, in the Persian forms and in the
Urdu forms (``language="ur"``: the 4, 6 and 7 that several fonts draw by default), at several sizes,
stroke weights, blurs and small slants, and stores each glyph's shape features
(:func:`workstation.documents.letter_digits.features`). Needs Pillow with libraqm and Debian's
``fonts-farsiweb``, ``fonts-hosny-amiri``, ``fonts-noto-core``, ``fonts-noto-extra`` (Nastaliq),
``fonts-dejavu-core`` and ``fonts-freefont-ttf``. A few seconds of CPU.

Noto Naskh Arabic is left out on purpose: the test generator (``tests/synth/letters.py``) draws its
Dari letters in it, and a template set holding that font would measure recall of one font, not
reading of letters drawn by other hands.
"""

from __future__ import annotations

import argparse
import random
from pathlib import Path

import numpy as np
import numpy.typing as npt

from workstation.documents.letter_digits import DIGIT_CHARS, MODEL_PATH, SEPARATOR, features, reference_height
from workstation.imaging.glyphs import glyph_variants

FONTS = {
    "noto_sans_arabic": "/usr/share/fonts/truetype/noto/NotoSansArabic-Regular.ttf",
    "noto_sans_arabic_bold": "/usr/share/fonts/truetype/noto/NotoSansArabic-Bold.ttf",
    "noto_kufi": "/usr/share/fonts/truetype/noto/NotoKufiArabic-Regular.ttf",
    "noto_nastaliq": "/usr/share/fonts/truetype/noto/NotoNastaliqUrdu-Regular.ttf",
    "amiri": "/usr/share/fonts/opentype/fonts-hosny-amiri/Amiri-Regular.ttf",
    "amiri_bold": "/usr/share/fonts/opentype/fonts-hosny-amiri/Amiri-Bold.ttf",
    "nazli": "/usr/share/fonts/truetype/farsiweb/nazli.ttf",
    "nazli_bold": "/usr/share/fonts/truetype/farsiweb/nazlib.ttf",
    "homa": "/usr/share/fonts/truetype/farsiweb/homa.ttf",
    "titr": "/usr/share/fonts/truetype/farsiweb/titr.ttf",
    "dejavu_sans": "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
    "dejavu_sans_bold": "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf",
    "free_serif": "/usr/share/fonts/truetype/freefont/FreeSerif.ttf",
}
#: Latin fonts whose slash a Dari date may be drawn with.
LATIN_FONTS = (
    "/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf",
    "/usr/share/fonts/truetype/liberation/LiberationSerif-Regular.ttf",
)
SIZES = (22, 30, 42)
ARABIC_INDIC = "٠١٢٣٤٥٦٧٨٩"


def _render(font_path: str, size: int, ch: str, lang: str | None) -> npt.NDArray[np.uint8] | None:
    from PIL import Image, ImageDraw, ImageFont

    font = ImageFont.truetype(font_path, size, layout_engine=ImageFont.Layout.RAQM)
    img = Image.new("L", (size * 3, size * 3), 255)
    ImageDraw.Draw(img).text((size, size // 2), ch, font=font, fill=0, language=lang)
    arr = np.asarray(img, dtype=np.uint8)
    return arr if (arr < 128).any() else None


def _has_glyph(font_path: str, ch: str) -> bool:
    """Whether the font draws ``ch`` (not its missing-glyph box, which a private-use code point shows)."""
    a, b = _render(font_path, 30, ch, None), _render(font_path, 30, "\ue000", None)
    return a is not None and (b is None or a.shape != b.shape or bool((a != b).any()))


def _variants(gray: npt.NDArray[np.uint8], rng: random.Random) -> list[npt.NDArray[np.bool_]]:
    """The glyph as printed, thinner, bolder, blurred and re-thresholded, slanted a little."""
    threshold = rng.choice((110, 140, 170))  # drawn before the angles, as when the shipped set was built
    angles = tuple(a + rng.uniform(-1, 1) for a in (-4.0, 4.0))
    return glyph_variants(gray, threshold, angles)


def build(out: Path, seed: int = 5) -> int:
    rng = random.Random(seed)
    xs: list[npt.NDArray[np.float32]] = []
    ys: list[int] = []
    for path in FONTS.values():
        if not Path(path).is_file():
            continue
        for chars in (DIGIT_CHARS, ARABIC_INDIC):
            if not all(_has_glyph(path, c) for c in chars):
                continue
            for lang in (None, "ur"):
                for size in SIZES:
                    glyphs = [_render(path, size, c, lang) for c in chars]
                    masks = [g < 128 for g in glyphs if g is not None]
                    if len(masks) != 10:
                        continue
                    rows = [np.nonzero(m.any(axis=1))[0] for m in masks]
                    ref_h = reference_height([int(r[-1] - r[0] + 1) for r in rows[1:]])
                    for digit, g in enumerate(glyphs):
                        assert g is not None
                        for v in _variants(g, rng):
                            if v.any():
                                xs.append(features(v, ref_h))
                                ys.append(digit)
                    if chars is DIGIT_CHARS and lang is None:
                        # the date separator, in this font and in the Latin fonts a Dari text falls back to
                        for slash_font in (path, *LATIN_FONTS):
                            g = _render(slash_font, size, "/", None)
                            if g is not None:
                                for v in _variants(g, rng):
                                    # a slash reaches from the descender to above the digits, how far
                                    # depends on the font: several heights relative to the digits
                                    for k in (1.0, 0.75, 0.55):
                                        if v.any():
                                            xs.append(features(v, ref_h * k))
                                            ys.append(SEPARATOR)
    x = np.stack(xs).astype(np.float32)
    y = np.asarray(ys, dtype=np.int8)
    # identical rows (fonts that share a design) only slow the search
    _, keep = np.unique(np.round(x, 3), axis=0, return_index=True)
    np.savez_compressed(out, x=x[np.sort(keep)].astype(np.float16), y=y[np.sort(keep)])
    return int(len(keep))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, default=MODEL_PATH)
    ap.add_argument("--seed", type=int, default=5)
    args = ap.parse_args()
    n = build(args.out, args.seed)
    print(f"{n} templates -> {args.out}")


if __name__ == "__main__":
    main()
