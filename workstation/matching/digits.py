"""Digits and letter variants of Arabic-script text.

Dari and Pashto documents write numbers in Persian digits (``۰-۹``) and, now
and then, in Arabic-Indic digits (``٠-٩``); OCR may return either. Arabic and
Persian keyboards also give two code points for the same letter (Arabic
``ي``/``ك`` against Persian ``ی``/``ک``), and text may carry short-vowel marks,
tatweel and zero-width joiners. These helpers fold all of that so that two
spellings of the same text compare equal.
"""

from __future__ import annotations

import unicodedata

__all__ = [
    "ARABIC_INDIC_DIGITS",
    "PERSIAN_DIGITS",
    "has_arabic_script",
    "has_persian_digits",
    "normalize_arabic_script",
    "to_ascii_digits",
]

PERSIAN_DIGITS = "۰۱۲۳۴۵۶۷۸۹"
ARABIC_INDIC_DIGITS = "٠١٢٣٤٥٦٧٨٩"

_DIGITS = str.maketrans(PERSIAN_DIGITS + ARABIC_INDIC_DIGITS, "0123456789" * 2)

# Arabic code points folded onto the Persian letter Dari and Pashto use.
_LETTERS = str.maketrans(
    {
        "ي": "ی",  # Arabic yeh -> Farsi yeh
        "ى": "ی",  # alef maksura -> Farsi yeh
        "ئ": "ی",  # yeh with hamza (name spellings vary)
        "ك": "ک",  # Arabic kaf -> keheh
        "ۀ": "ه",  # heh with yeh above (ezafe) -> heh
        "ة": "ه",  # teh marbuta -> heh
        "ـ": None,  # tatweel (kashida), purely typographic
        "\u200c": None,  # zero-width non-joiner (half space)
        "\u200d": None,  # zero-width joiner
        "\u200f": None,  # right-to-left mark
        "\u200e": None,  # left-to-right mark
        "\u061c": None,  # Arabic letter mark
        "٫": ".",  # Arabic decimal separator
        "٬": ",",  # Arabic thousands separator
        "،": ",",  # Arabic comma
        "؛": ";",  # Arabic semicolon
    }
)

# Alef variants, folded only on request (names): the hamza is often omitted in writing.
_ALEF = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ؤ": "و"})


def has_persian_digits(text: str) -> bool:
    """Whether ``text`` holds a Persian or Arabic-Indic digit (a number written, or read, in Dari script)."""
    return any(c in PERSIAN_DIGITS or c in ARABIC_INDIC_DIGITS for c in text)


def to_ascii_digits(text: str) -> str:
    """Replace Persian and Arabic-Indic digits by ASCII ``0-9``; everything else is kept.

    Args:
        text: Any text.

    Returns:
        The same text with ``۱۳۶۷`` or ``١٣٦٧`` written as ``1367``.
    """
    return text.translate(_DIGITS)


def normalize_arabic_script(text: str, *, fold_alef: bool = False) -> str:
    """Fold letter variants, remove short-vowel marks, tatweel and joiners; ASCII digits.

    Args:
        text: Text in any script; Latin text passes through unchanged (apart from digits).
        fold_alef: Also fold ``أ إ آ ٱ`` onto bare alef and ``ؤ`` onto waw, as name
            spellings routinely do; off by default because it changes words.

    Returns:
        The folded text, NFC-normalised.
    """
    out = unicodedata.normalize("NFKC", text).translate(_LETTERS).translate(_DIGITS)
    if fold_alef:
        out = out.translate(_ALEF)
    # Harakat (U+064B-U+065F), superscript alef (U+0670): vowel marks, not letters.
    out = "".join(ch for ch in out if not ("\u064b" <= ch <= "\u065f" or ch == "\u0670"))
    return unicodedata.normalize("NFC", out)


def has_arabic_script(text: str) -> bool:
    """Whether the text contains at least one letter of the Arabic script (Dari, Pashto)."""
    return any("\u0600" <= ch <= "\u06ff" or "\u0750" <= ch <= "\u077f" or "\ufb50" <= ch <= "\ufeff" for ch in text)
