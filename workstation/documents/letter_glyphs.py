"""PDF text layers whose Arabic-script fonts do not map every glyph, and how a letter is still read.

Office programs often embed an Arabic-script font without ToUnicode entries for its shaped glyphs
(lam-alef and other ligatures, the Persian forms of some digits). A text extractor then returns the
glyph numbers as code points: Cyrillic or Latin click letters inside a Dari word or date
(``۱Ԏ۰۱/۰۵/۱۵`` for ``۱۴۰۱/۰۵/۱۵``, ``غǀم`` for ``غلام``). Such a page is read this way:

* its Arabic-script words come from OCR of the rendered page (``fas+eng``);
* its Latin words (contract numbers, e-mails, Latin names) stay from the text layer, which maps them;
* its numbers stay from the text layer too (OCR is weak on Persian digits, whose zero is a dot); an
  unmapped digit is one the page never shows mapped, and which of those it is, is asked of OCR on
  that one glyph with only those digits allowed.

Text-layer words are first joined into *tokens*: fragments on one line that touch (an extractor
splits a word around a glyph it cannot map).
"""

from __future__ import annotations

import logging
import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz

from workstation.documents.letter_text import (
    OCR_PERSIAN_DIGIT_CONFIDENCE,
    SOURCE_OCR,
    BBox,
    LetterPage,
    LetterWord,
    logical_arabic,
    normalise_chars,
    union_bbox,
)

log = logging.getLogger(__name__)

PERSIAN_DIGITS = "۰۱۲۳۴۵۶۷۸۹"
_DIGIT_VALUE = {c: i for i, c in enumerate(PERSIAN_DIGITS)}
_DIGIT_VALUE.update({c: i for i, c in enumerate("٠١٢٣٤٥٦٧٨٩")})
_DIGIT_VALUE.update({c: i for i, c in enumerate("0123456789")})
_NUMBER_SIGNS = set("/-.:,()+")


def is_arabic_char(c: str) -> bool:
    """Arabic-script letter, digit, mark or presentation form."""
    return "\u0600" <= c <= "\u06ff" or "\u0750" <= c <= "\u077f" or "\ufb50" <= c <= "\ufdff" or "\ufe70" <= c <= "\ufeff"


def _foreign(c: str) -> bool:
    """A character no Dari word or number holds: a letter of another script (not Latin) or U+FFFD."""
    if c == "\ufffd":
        return True
    if not c.isalpha() or is_arabic_char(c):
        return False
    name = unicodedata.name(c, "")
    return not name.startswith("LATIN") or "CLICK" in name


@dataclass(frozen=True)
class Token:
    """Touching text-layer fragments of one line, left to right."""

    words: tuple[LetterWord, ...]

    @property
    def text(self) -> str:
        return "".join(w.text for w in self.words)

    @property
    def bbox(self) -> BBox:
        return union_bbox(w.bbox for w in self.words)

    @property
    def arabic(self) -> bool:
        """Holds an Arabic-script character (letter or digit)."""
        return any(is_arabic_char(c) for c in self.text)

    @property
    def broken(self) -> bool:
        """Arabic-script text with a character the font did not map."""
        t = self.text
        return self.arabic and any(_foreign(c) for c in t)

    @property
    def arabic_letters(self) -> bool:
        return any(c.isalpha() and is_arabic_char(c) for c in self.text)

    @property
    def number(self) -> bool:
        """Digits and number signs only, unmapped glyphs allowed (``۱Ԏ۰۱/۰۵/۱۵``)."""
        t = self.text
        return any(c in _DIGIT_VALUE for c in t) and all(c in _DIGIT_VALUE or c in _NUMBER_SIGNS or _foreign(c)
                                                          for c in t)

    @property
    def latin(self) -> bool:
        """Latin letters, digits and signs only (an e-mail, a contract number, a Latin name)."""
        t = self.text
        return any(c.isalnum() for c in t) and not any(is_arabic_char(c) or _foreign(c) for c in t)


def tokens(words: Sequence[LetterWord]) -> list[Token]:
    """The page's words joined into tokens: same source line, touching (gap under a tenth of the height)."""
    by_line: dict[tuple[int, ...] | None, list[LetterWord]] = {}
    for w in words:
        if w.text.strip():
            by_line.setdefault(w.line_key, []).append(w)
    out: list[Token] = []
    for ws in by_line.values():
        ws.sort(key=lambda w: w.bbox[0])
        cur = [ws[0]]
        for w in ws[1:]:
            prev = cur[-1]
            h = max(1.0, prev.bbox[3] - prev.bbox[1])
            if w.bbox[0] - prev.bbox[2] <= 0.1 * h and abs((w.bbox[1] + w.bbox[3]) - (prev.bbox[1] + prev.bbox[3])) < h:
                cur.append(w)
            else:
                out.append(Token(tuple(cur)))
                cur = [w]
        out.append(Token(tuple(cur)))
    return out


def broken_tokens(page: LetterPage) -> int:
    """How many Arabic-script tokens of the page hold characters its fonts did not map."""
    return sum(1 for t in tokens(page.words) if t.broken)


#: Reads one glyph image with only the given characters allowed; returns what it read ("" for nothing).
GlyphReader = Callable[[BBox, str], str]
#: Puts a number's characters (known, not their order) in the order their glyphs stand in a box;
#: returns ``""`` when unsure.
NumberReader = Callable[[BBox, str], str]


def unmapped_digits(toks: Sequence[Token], read_glyph: GlyphReader | None,
                    voted: set[str] | None = None) -> dict[str, str]:
    """Unmapped glyph -> Persian digit, for the glyphs that stand in numbers.

    A digit the font does not map never appears mapped on the page, so only those digits are
    candidates. One candidate settles it; otherwise ``read_glyph`` reads the glyph (its first few
    occurrences vote) with only the candidates allowed. Two glyphs never take the same digit. A glyph
    left unsettled is not in the result. Glyphs settled by OCR's vote (not by elimination) are added to
    ``voted`` when given.
    """
    mapped = {_DIGIT_VALUE[c] for t in toks for c in t.text if c in _DIGIT_VALUE and is_arabic_char(c)}
    junk: dict[str, list[BBox]] = {}
    for t in toks:
        if not (t.number and t.broken):
            continue
        for w in t.words:
            n = len(w.text)
            for i, c in enumerate(w.text):
                if _foreign(c):
                    x0, y0, x1, y1 = w.bbox
                    step = (x1 - x0) / max(1, n)
                    junk.setdefault(c, []).append((x0 + i * step, y0, x0 + (i + 1) * step, y1))
    if not junk:
        return {}
    candidates = [d for d in range(10) if d not in mapped] or list(range(10))
    numbers = [t.text for t in toks if t.number and t.broken]
    allowed_for = {c: [d for d in candidates if _possible_dates(numbers, c, d)] or candidates for c in junk}
    out: dict[str, str] = {}
    votes: dict[str, Counter[int]] = {}
    for c, boxes in junk.items():
        votes[c] = Counter()
        if len(allowed_for[c]) > 1 and read_glyph is not None:
            allowed = "".join(PERSIAN_DIGITS[d] for d in allowed_for[c])
            for box in boxes[:3]:
                got = read_glyph(box, allowed).strip()
                if got[:1] in _DIGIT_VALUE and _DIGIT_VALUE[got[:1]] in allowed_for[c]:
                    votes[c][_DIGIT_VALUE[got[:1]]] += 1
    taken: set[int] = set()
    for c in sorted(junk, key=lambda c: (len(allowed_for[c]), -sum(votes[c].values()))):
        free = [d for d in allowed_for[c] if d not in taken]
        choice: int | None = None
        if len(free) == 1:
            choice = free[0]
        elif votes[c]:
            best = [d for d, _ in votes[c].most_common() if d in free]
            choice = best[0] if best else None
            if choice is not None and voted is not None:
                voted.add(c)
        if choice is not None:
            out[c] = PERSIAN_DIGITS[choice]
            taken.add(choice)
    log.debug("unmapped digit glyphs: %d, settled %d", len(junk), len(out))
    return out


_DATE_SHAPE = re.compile(r"^(?P<a>\S{1,4})/(?P<b>\S{1,2})/(?P<c>\S{1,4})$")
#: Years a letter's dates can have: Solar Hijri (1280..1420) or Gregorian (1900..2040).
_YEARS = ((1280, 1420), (1900, 2040))


def _possible_dates(numbers: Sequence[str], glyph: str, digit: int) -> bool:
    """Whether reading ``glyph`` as ``digit`` leaves every date-shaped number a possible date.

    Only parts free of other unmapped glyphs are judged: a year must fall in :data:`_YEARS`, a month
    in 1..12 (either of day and month), a day in 1..31.
    """
    for n in numbers:
        m = _DATE_SHAPE.match(n.replace(glyph, str(digit))) if glyph in n else None
        if m is None:
            continue
        parts = [m.group("a"), m.group("b"), m.group("c")]
        vals: list[int | None] = []
        for p in parts:
            vals.append(int("".join(str(_DIGIT_VALUE[ch]) for ch in p)) if all(ch in _DIGIT_VALUE for ch in p) else None)
        a, b, c = vals
        year, day_month = (a, (b, c)) if len(parts[0]) == 4 else (c, (a, b)) if len(parts[2]) == 4 else (None, (a, b))
        if year is not None and not any(lo <= year <= hi for lo, hi in _YEARS):
            return False
        x, y = day_month
        if len(parts[0]) == 4:  # year/month/day
            if (x is not None and not 1 <= x <= 12) or (y is not None and not 1 <= y <= 31):
                return False
        elif x is not None and y is not None and not (1 <= x <= 31 and 1 <= y <= 31 and min(x, y) <= 12):
            return False
    return True


def _covered(inner: BBox, outer: BBox) -> float:
    """Share of ``inner``'s area inside ``outer`` (0..1)."""
    w = min(inner[2], outer[2]) - max(inner[0], outer[0])
    h = min(inner[3], outer[3]) - max(inner[1], outer[1])
    area = (inner[2] - inner[0]) * (inner[3] - inner[1])
    return (w * h) / area if w > 0 and h > 0 and area > 0 else 0.0


def _overlap(a: BBox, b: BBox) -> float:
    """Intersection area over the smaller box's area (0..1)."""
    w = min(a[2], b[2]) - max(a[0], b[0])
    h = min(a[3], b[3]) - max(a[1], b[1])
    if w <= 0 or h <= 0:
        return 0.0
    small = min((a[2] - a[0]) * (a[3] - a[1]), (b[2] - b[0]) * (b[3] - b[1]))
    return (w * h) / small if small > 0 else 0.0


def coverage(text_page: LetterPage, ocr_page: LetterPage) -> float:
    """Share of the text layer's Arabic-script tokens that some OCR word overlaps (1.0 when there are none)."""
    arabic = [t.bbox for t in tokens(text_page.words) if t.arabic_letters]
    if not arabic:
        return 1.0
    boxes = [w.bbox for w in ocr_page.words]
    return sum(1 for a in arabic if any(_overlap(a, b) > 0.2 for b in boxes)) / len(arabic)


_NUMBER_SHAPE = re.compile(r"^(?:\+?\d+|\d{4}([/.\-])\d{1,2}\1\d{1,2}|\d{1,2}([/.\-])\d{1,2}\2\d{4}|\d{1,4}[/.\-]\d{1,4})$")


def merge_text_layer_and_ocr(text_page: LetterPage, ocr_page: LetterPage,
                             read_glyph: GlyphReader | None = None,
                             read_number: NumberReader | None = None) -> LetterPage:
    """One page from a text layer whose Arabic script is broken and an OCR read of the same page.

    OCR gives the Arabic-script words; the text layer keeps its Latin tokens and its numbers (with
    unmapped digits settled by :func:`unmapped_digits`; a number still holding an unsettled glyph is
    left to OCR). A kept token replaces the OCR words it covers and joins the OCR line it sits on, so
    a line mixing both reads in one visual order. Both pages' boxes must be in the same units.
    """
    toks = _join_touching_numbers(tokens(text_page.words))
    voted: set[str] = set()
    digits = unmapped_digits(toks, read_glyph, voted)
    kept: list[LetterWord] = []
    for t in toks:
        conf = t.words[0].confidence
        if t.latin:
            text = t.text
        elif t.number and not t.arabic_letters:
            text = "".join(digits.get(c, c) for c in t.text)
            if (not any(_foreign(c) for c in text) and not _NUMBER_SHAPE.match(_ascii(text)) and read_number
                    and not any(o is not t and o.number and _beside(o.bbox, t.bbox) for o in toks)):
                # fragments an extractor gave out of order ("۱۴۰۰/۰٦۰۸/"): the glyphs on the page give
                # the order, the text layer which characters they are (both must hold the same ones)
                seen = read_number(t.bbox, text)
                # every part two digits or more: a part of one may have lost a glyph outside the
                # token's box ("۱۴۰۱/۰۶/۲" of ۱۴۰۱/۰۶/۲۴), which OCR of the line still sees
                if (seen and sorted(_ascii(seen)) == sorted(_ascii(text)) and _NUMBER_SHAPE.match(_ascii(seen))
                        and all(len(part) >= 2 for part in seen.split("/"))):
                    text = seen
            # an unsettled glyph, or fragments still out of order: OCR reads it
            if any(_foreign(c) for c in text) or not _NUMBER_SHAPE.match(_ascii(text)):
                continue
            if any(0.15 < _covered(w.bbox, t.bbox) <= 0.6 for w in ocr_page.words):
                continue  # a piece of a number OCR read whole ("۴/۱۶" of "۱۳۸۶/۰۴/۱۶")
            if any(c in voted for c in t.text):
                conf = min(conf, OCR_PERSIAN_DIGIT_CONFIDENCE)  # a digit OCR chose
        elif len(t.words) == 1 and t.arabic_letters and not t.broken and _confirmed_by_ocr(t.words[0], ocr_page):
            text = t.text  # a sound Dari word: its exact letters, where OCR agrees it is this word
        else:
            continue
        w0 = t.words[0]
        kept.append(LetterWord(text, t.bbox, conf, w0.page, w0.source, w0.line_key))
    return LetterPage(text_page.number, text_page.width, text_page.height,
                      tuple(_insert(kept, list(ocr_page.words))), SOURCE_OCR)


def _join_touching_numbers(toks: Sequence[Token]) -> list[Token]:
    """Number tokens that touch on one line joined into one (an extractor may give one number as two
    lines' fragments: ``۱۳۸٦۰۳/`` and ``/۳۱`` for ۱۳۸۶/۰۳/۳۱)."""
    out: list[Token] = []
    numbers = sorted((t for t in toks if t.number and not t.arabic_letters), key=lambda t: t.bbox[0])
    used: set[int] = set()
    for i, t in enumerate(numbers):
        if i in used:
            continue
        group = [t]
        for j in range(i + 1, len(numbers)):
            if j in used:
                continue
            a, b = group[-1].bbox, numbers[j].bbox
            h = max(1.0, a[3] - a[1])
            if min(a[3], b[3]) - max(a[1], b[1]) > 0.5 * h and -0.1 * h <= b[0] - a[2] <= 0.1 * h:
                group.append(numbers[j])
                used.add(j)
        out.append(group[0] if len(group) == 1 else Token(tuple(w for g in group for w in g.words)))
    return [t for t in toks if not (t.number and not t.arabic_letters)] + out


def _beside(a: BBox, b: BBox) -> bool:
    """Whether ``a`` is on ``b``'s line and closer than a word space (two parts of one number)."""
    h = b[3] - b[1]
    same_line = min(a[3], b[3]) - max(a[1], b[1]) > 0.5 * h
    return same_line and max(a[0] - b[2], b[0] - a[2]) < 0.3 * h


def _ascii(text: str) -> str:
    """Digits of any script as ASCII, other characters kept."""
    return "".join(str(_DIGIT_VALUE[c]) if c in _DIGIT_VALUE else c for c in text)


def _plain(s: str) -> str:
    return normalise_chars(unicodedata.normalize("NFKC", s)).replace("\u200c", "").replace(" ", "")


def _confirmed_by_ocr(word: LetterWord, ocr_page: LetterPage) -> bool:
    """Whether OCR read a sound text-layer Dari word much as the text layer spells it, in this letter order.

    A text layer may hold a word in visual order (reversed) or split it oddly; OCR of the page settles
    that. The OCR words under the word are compared joined (OCR splits a word at a non-joining letter).
    """
    near = [(w, _covered(w.bbox, word.bbox)) for w in ocr_page.words]
    if any(0.15 < c <= 0.6 for _, c in near):
        return False  # an OCR word reaching beyond it: the text layer split a word the OCR read whole
    under = sorted((w for w, c in near if c > 0.6), key=lambda w: -w.bbox[0])
    if not under:
        return False
    read = _plain("".join(w.text for w in under))
    mine = _plain(logical_arabic(word.text))
    if len(read) > len(mine) + 1:
        # OCR read more letters there: the text layer lost a part it could not map (نجیب for
        # نجیب‌الله, the Allah ligature unmapped and split off), which OCR's word keeps
        return False
    ok = fuzz.ratio(mine, read)
    return ok >= 60 and ok >= fuzz.ratio(mine[::-1], read)


def merge_latin_read(dari_page: LetterPage, latin_page: LetterPage) -> LetterPage:
    """A Dari OCR read (``fas``) with the Latin words of an English read (``eng``) of the same image.

    ``fas+eng`` turns Dari words into Latin ones (``oly`` for ``راه``) and ``fas`` alone garbles
    e-mails and contract numbers: each model reads its own script. A confident English word made
    of Latin letters replaces the Dari-read words under it unless one of them is Arabic script read
    at least as confidently.
    """
    dari = list(dari_page.words)
    kept: list[LetterWord] = []
    for e in latin_page.words:
        if e.confidence < 0.75 or not Token((e,)).latin or sum(c.isalpha() for c in e.text) < 2:
            continue
        under = [w for w in dari if _overlap(w.bbox, e.bbox) > 0.3]
        arabic = [w for w in under if any(is_arabic_char(c) for c in w.text)]
        if any(w.confidence >= e.confidence for w in arabic):
            continue
        if arabic and sum(c.isalpha() for c in e.text) <= 3:
            continue  # a short Latin read of a Dari word ("oly" for "راه")
        kept.append(e)
    return LetterPage(dari_page.number, dari_page.width, dari_page.height, tuple(_insert(kept, dari)), SOURCE_OCR)


def _insert(kept: Sequence[LetterWord], ocr: Sequence[LetterWord]) -> list[LetterWord]:
    """``ocr`` with ``kept`` words in place of the OCR words they cover, each kept word on the OCR line it sits on."""
    # a kept token covers the OCR words under it; a watermark's huge box (SPECIMEN across the page) does not
    out = [w for w in ocr if not any(_overlap(w.bbox, k.bbox) > 0.3
                                     and k.bbox[3] - k.bbox[1] < 5.0 * (w.bbox[3] - w.bbox[1]) for k in kept)]
    for n, k in enumerate(kept):
        best: LetterWord | None = None
        best_score = 0.0
        for w in ocr:
            if k.bbox[3] - k.bbox[1] >= 5.0 * (w.bbox[3] - w.bbox[1]):
                continue  # not a word of this line (a watermark across the page)
            score = _overlap(w.bbox, k.bbox)
            if score <= 0.0:  # no OCR word under it: the OCR line at its height, nearest first
                hk = k.bbox[3] - k.bbox[1]
                common = min(w.bbox[3], k.bbox[3]) - max(w.bbox[1], k.bbox[1])
                if hk <= 0 or common / hk < 0.5:
                    continue
                gap = max(w.bbox[0] - k.bbox[2], k.bbox[0] - w.bbox[2], 0.0)
                score = 0.3 / (1.0 + gap / hk)
            if score > best_score:
                best, best_score = w, score
        key = best.line_key if best is not None and best.line_key is not None else (-1, n)
        out.append(LetterWord(k.text, k.bbox, k.confidence, k.page, k.source, key))
    return out
