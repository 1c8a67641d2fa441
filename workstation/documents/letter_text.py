"""The text of an employment letter, with the box of every character range.

The letter reader works on one string per letter so that label and prose
patterns can be plain regular expressions; :class:`LetterText` remembers which
word each character came from, so any match maps back to page, box, confidence
and source (text layer or OCR).

Words come from the PDF text layer or from OCR; both are normalised into
:class:`LetterWord` here. Words are grouped into visual lines by vertical
overlap (a label cell and its value cell in a table become one line); a wide
horizontal gap inside a line becomes a tab, so a value never runs into the next
column. Lines are separated by ``\\n``, paragraphs by a blank line, pages by a
form feed line.
"""

from __future__ import annotations

import logging
import re
import statistics
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

log = logging.getLogger(__name__)

BBox = tuple[float, float, float, float]

#: Where a word came from (ARCHITECTURE.md 4.2 ``source``).
SOURCE_TEXT_LAYER = "text_layer"
SOURCE_OCR = "ocr"

# Persian (U+06F0..) and Arabic-Indic (U+0660..) digits map one-to-one onto ASCII so offsets are kept.
_DIGIT_MAP = {ord(c): str(i) for i, c in enumerate("۰۱۲۳۴۵۶۷۸۹")}
_DIGIT_MAP.update({ord(c): str(i) for i, c in enumerate("٠١٢٣٤٥٦٧٨٩")})
# Typographic variants that OCR and word processors produce; all are single characters, so offsets hold.
_DIGIT_MAP.update({ord("\u00ad"): "-", ord("\u2010"): "-", ord("\u2011"): "-", ord("\u2012"): "-",
                   ord("\u2013"): "-", ord("\u2014"): "-", ord("\u2212"): "-", ord("\u2019"): "'",
                   ord("\u2018"): "'", ord("\u201c"): '"', ord("\u201d"): '"', ord("\u00a0"): " ",
                   ord("\u066b"): ".", ord("\u066c"): ",", ord("\u060c"): ","})
# Arabic yeh/kaf (and alef maksura) as OCR and Arabic keyboards write them: Dari uses the Persian letters.
_DIGIT_MAP.update({ord("\u064a"): "\u06cc", ord("\u0649"): "\u06cc", ord("\u0643"): "\u06a9"})


_BIDI_CONTROLS = re.compile("[\u200e\u200f\u202a-\u202e\u2066-\u2069]")


#: Ceiling on the confidence of a value holding Persian digits that OCR read (or settled). Tesseract's
#: ``fas`` model misreads these digits (۴ as ۳ or ۲, ۷ as ۲ or ۵, ۶ as ۲) while reporting them at 0.7-0.9
#: (bench/results/letters.md, Dari letters), so such a date goes to an officer's review, never to a
#: silent pass or fail.
OCR_PERSIAN_DIGIT_CONFIDENCE = 0.5


def normalise_chars(text: str) -> str:
    """Map Persian/Arabic digits to ASCII and fancy dashes/quotes to plain ones, keeping the length."""
    return text.translate(_DIGIT_MAP)


@dataclass(frozen=True)
class LetterWord:
    """One word of a letter page.

    Attributes:
        text: The word as read (no spaces).
        bbox: ``(x0, y0, x1, y1)`` in the page's own units (PDF points for the text layer,
            pixels of the rendered/scanned image for OCR); y grows downwards.
        confidence: 0..1 (1.0 for the text layer).
        page: 1-based page number.
        source: ``"text_layer"`` or ``"ocr"``.
        line_key: The source's own line identity (PyMuPDF block/line, Tesseract block/paragraph/line),
            when known: lines are then taken from the source, which follows a tilted line better than
            any grouping by height.
    """

    text: str
    bbox: BBox
    confidence: float
    page: int
    source: str
    line_key: tuple[int, ...] | None = None


@dataclass(frozen=True)
class LetterPage:
    """The words of one page, whatever their source.

    Attributes:
        number: 1-based page number.
        width: Page width in the words' units.
        height: Page height in the words' units.
        words: The words in reading order as given by the source (order is rebuilt anyway).
        source: ``"text_layer"`` or ``"ocr"``.
    """

    number: int
    width: float
    height: float
    words: tuple[LetterWord, ...]
    source: str


@dataclass(frozen=True)
class TextLine:
    """A visual line: character range in :attr:`LetterText.text`, page and box."""

    start: int
    end: int
    page: int
    bbox: BBox
    height: float


@dataclass(frozen=True)
class Evidence:
    """Where a value came from: page, union box of its words, mean confidence, source, raw text."""

    page: int
    bbox: BBox
    confidence: float
    source: str
    raw: str


def union_bbox(boxes: Iterable[BBox]) -> BBox:
    """The smallest box holding every box in ``boxes``."""
    bs = list(boxes)
    return (min(b[0] for b in bs), min(b[1] for b in bs), max(b[2] for b in bs), max(b[3] for b in bs))


def _arabic(text: str) -> bool:
    """Whether ``text`` holds Arabic-script letters (digits do not count: numbers run left to right)."""
    return any(("\u0600" <= c <= "\u06ff" and not ("\u0660" <= c <= "\u0669" or "\u06f0" <= c <= "\u06f9"))
               or "\ufb50" <= c <= "\ufdff" or "\ufe70" <= c <= "\ufeff" for c in text)


def logical_arabic(text: str) -> str:
    """Undo a word stored in visual order: presentation forms then start with a final form or end with an initial one."""
    letters = [c for c in text if "\ufb50" <= c <= "\ufeff"]
    if len(letters) < 2:
        return text
    first, last = unicodedata.name(letters[0], ""), unicodedata.name(letters[-1], "")
    if "FINAL FORM" in first or "INITIAL FORM" in last:
        return text[::-1]
    return text


def _is_rtl(words: Sequence[LetterWord]) -> bool:
    """Whether a line reads right to left: more Arabic-script words than Latin ones (numbers are neutral)."""
    rtl = sum(1 for w in words if _arabic(w.text))
    ltr = sum(1 for w in words if any(c.isalpha() for c in w.text) and not _arabic(w.text))
    if rtl and rtl <= ltr and _arabic(max(words, key=lambda w: w.bbox[2]).text) and any(
            _arabic(w.text) and w.text.rstrip("\u200e\u200f").endswith((":", "؛")) for w in words):
        # a Dari line of Latin values ("آمر مستقیم: Ahmad Jawed Rahimi ایمیل: ..."): it starts at the
        # right with a Dari label
        return True
    return rtl > ltr


def _order_line(words: list[LetterWord]) -> list[LetterWord]:
    """Reading order of one line: left to right, or right to left with Latin/number runs kept left to right."""
    if not _is_rtl(words):
        return sorted(words, key=lambda w: w.bbox[0])
    out = sorted(words, key=lambda w: -w.bbox[0])
    i = 0
    while i < len(out):
        if _arabic(out[i].text):
            i += 1
            continue
        j = i
        while j < len(out) and not _arabic(out[j].text):
            j += 1
        out[i:j] = out[i:j][::-1]  # a left-to-right run (a date, an e-mail, a number) inside right-to-left text
        i = j
    return out


def _cy(w: LetterWord) -> float:
    return (w.bbox[1] + w.bbox[3]) / 2


def text_is_word(w: LetterWord) -> bool:
    """Whether a word holds letters (touching letter words keep their space; touching digit groups join)."""
    return any(c.isalpha() for c in w.text)


def _group_by_height(words: Sequence[LetterWord]) -> list[list[LetterWord]]:
    """Group words into lines when the source gave no line identity: by vertical overlap."""
    lines: list[tuple[float, float, list[LetterWord]]] = []
    for w in sorted(words, key=lambda w: (_cy(w), w.bbox[0])):
        cy = _cy(w)
        h = w.bbox[3] - w.bbox[1]
        placed = False
        for i, (top, bottom, members) in enumerate(reversed(lines)):
            if i >= 4:  # only the last few lines can still be open
                break
            lh = bottom - top
            if top - 0.1 * lh <= cy <= bottom + 0.1 * lh and abs(h - lh) < 1.5 * max(h, lh):
                members.append(w)
                idx = len(lines) - 1 - i
                lines[idx] = (min(top, w.bbox[1]), max(bottom, w.bbox[3]), members)
                placed = True
                break
        if not placed:
            lines.append((w.bbox[1], w.bbox[3], [w]))
    return [m for _, _, m in lines]


def _merge_rows(segments: list[list[LetterWord]]) -> list[list[LetterWord]]:
    """Join line segments that sit side by side on one row (a table's label cell and value cell).

    Two segments join when they do not overlap horizontally and their facing ends are at the same
    height (compared end to end, so a slightly tilted page still pairs its cells, not the next row).
    """
    segs = sorted((sorted(s, key=lambda w: w.bbox[0]) for s in segments if s), key=lambda s: (_cy(s[0]), s[0].bbox[0]))
    rows: list[list[LetterWord]] = []
    for seg in segs:
        for row in reversed(rows[-8:]):
            rx0, rx1 = row[0].bbox[0], row[-1].bbox[2]
            sx0, sx1 = seg[0].bbox[0], seg[-1].bbox[2]
            if sx0 >= rx1 - 1:
                a, b = row[-1], seg[0]
            elif sx1 <= rx0 + 1:
                a, b = seg[-1], row[0]
            else:
                continue
            ha, hb = a.bbox[3] - a.bbox[1], b.bbox[3] - b.bbox[1]
            if abs(_cy(a) - _cy(b)) < 0.45 * min(ha, hb) and min(ha, hb) > 0.5 * max(ha, hb):
                row.extend(seg)
                row.sort(key=lambda w: w.bbox[0])
                break
        else:
            rows.append(list(seg))
    return rows


def _group_lines(words: Sequence[LetterWord]) -> list[list[LetterWord]]:
    """Visual lines of a page, in reading order (top to bottom; words left to right, or right to left)."""
    if words and all(w.line_key is not None for w in words):
        by_key: dict[tuple[int, ...], list[LetterWord]] = {}
        for w in words:
            by_key.setdefault(w.line_key or (), []).append(w)
        lines = _merge_rows(list(by_key.values()))
    else:
        lines = _merge_rows(_group_by_height(words))
    out = [_order_line(m) for m in lines]
    out.sort(key=lambda ws: (_cy(min(ws, key=lambda w: w.bbox[0])) - 0.5 * (ws[0].bbox[3] - ws[0].bbox[1]),
                             min(w.bbox[0] for w in ws)))
    return out


def _sideways(w: LetterWord) -> bool:
    """An OCR word of Latin letters or digits whose box stands upright: print running down the page.

    ``n`` characters side by side are at least about ``n`` times a third of their height wide; the
    same characters read from a line running down the page (a banner's rotated address, a margin
    note) give a box as wide as one character and ``n`` characters tall.
    """
    n = sum(c.isalnum() for c in w.text)
    if w.source != SOURCE_OCR or n < 2 or _arabic(w.text) or any(not c.isascii() for c in w.text if c.isalnum()):
        return False
    width, height = w.bbox[2] - w.bbox[0], w.bbox[3] - w.bbox[1]
    return height > 2 * width and width < 0.3 * n * height


def upright_words(words: Sequence[LetterWord]) -> list[LetterWord]:
    """``words`` without the sideways ones (:func:`_sideways`) of a page whose print runs across.

    On such a page a sideways word is print running the other way (a banner's vertical text), read
    letter by letter as junk (``iS``); left in, it sits between two body lines at their height and
    joins them (a contract number wrapped at a hyphen took it as its end: ``WD3G66-05-iS``). A page
    read with most words sideways (not turned upright) keeps them all.
    """
    sideways = [w for w in words if _sideways(w)]
    if not sideways or 2 * len(sideways) >= len(words):
        return list(words)
    return [w for w in words if not _sideways(w)]


def _line_height(words: Sequence[LetterWord]) -> float:
    """A line's text height: its shortest word of two or more letters or digits.

    OCR specks on a scan (``.``, ``|``, ``-`` a few pixels tall) would make the line look tiny, and
    every ordinary gap between its words then reads as a column gap (a tab).
    """
    real = [w.bbox[3] - w.bbox[1] for w in words if sum(c.isalnum() for c in w.text) >= 2]
    return max(1.0, min(real) if real else min(w.bbox[3] - w.bbox[1] for w in words))


class LetterText:
    """The whole letter as one string plus a map from character offsets back to words."""

    def __init__(self, pages: Sequence[LetterPage]) -> None:
        """Assemble the text of ``pages`` (in page order)."""
        parts: list[str] = []
        self._spans: list[tuple[int, int, LetterWord]] = []
        self.lines: list[TextLine] = []
        self.pages = tuple(pages)
        pos = 0

        def emit(s: str) -> None:
            nonlocal pos
            parts.append(s)
            pos += len(s)

        for page in pages:
            if pos:
                emit("\n\f\n")
            grouped = _group_lines(upright_words([w for w in page.words if w.text.strip()]))
            heights = [_line_height(ln) for ln in grouped]
            med_h = statistics.median(heights) if heights else 10.0
            prev_bottom: float | None = None
            for ln, h in zip(grouped, heights, strict=True):
                top = min(w.bbox[1] for w in ln)
                if prev_bottom is not None:
                    emit("\n")
                    if top - prev_bottom > 1.2 * med_h:
                        emit("\n")  # paragraph gap
                line_start = pos
                prev: LetterWord | None = None
                for w in ln:
                    if prev is not None:
                        # right-to-left lines run from right to left: measure the gap that way
                        gap = (prev.bbox[0] - w.bbox[2]) if w.bbox[0] < prev.bbox[0] else (w.bbox[0] - prev.bbox[2])
                        touching = abs(gap) <= 0.05 * med_h and not (text_is_word(prev) and text_is_word(w))
                        emit("\t" if gap > 2.5 * med_h else ("" if touching else " "))
                    # NFKC: ligatures ("ﬁ" -> "fi"), Arabic presentation forms, full-width digits
                    raw = logical_arabic(_BIDI_CONTROLS.sub("", w.text.strip()))
                    text = normalise_chars(unicodedata.normalize("NFKC", raw))
                    self._spans.append((pos, pos + len(text), w))
                    emit(text)
                    prev = w
                self.lines.append(TextLine(line_start, pos, page.number, union_bbox(w.bbox for w in ln), h))
                prev_bottom = max(w.bbox[3] for w in ln)
        self.text = "".join(parts)
        self._starts = [s for s, _, _ in self._spans]

    @property
    def flat(self) -> str:
        """The text with line breaks as spaces (same length): prose patterns span wrapped lines; tabs are kept."""
        return self.text.replace("\n", " ").replace("\f", " ")  # tabs stay: a name never runs into the next column

    def words_in(self, start: int, end: int) -> list[LetterWord]:
        """The words overlapping the character range ``[start, end)``."""
        import bisect

        i = max(0, bisect.bisect_right(self._starts, start) - 1)
        out: list[LetterWord] = []
        while i < len(self._spans) and self._spans[i][0] < end:
            s, e, w = self._spans[i]
            if e > start:
                out.append(w)
            i += 1
        return out

    def evidence(self, start: int, end: int) -> Evidence | None:
        """Page, box, confidence and source of the words in ``[start, end)`` (first page only)."""
        words = self.words_in(start, end)
        if not words:
            return None
        page = words[0].page
        words = [w for w in words if w.page == page]
        conf = sum(w.confidence for w in words) / len(words)
        source = SOURCE_OCR if any(w.source == SOURCE_OCR for w in words) else SOURCE_TEXT_LAYER
        return Evidence(page, union_bbox(w.bbox for w in words), conf, source, self.text[start:end])

    def line_at(self, offset: int) -> TextLine | None:
        """The visual line holding ``offset``."""
        for ln in self.lines:
            if ln.start <= offset <= ln.end:
                return ln
        return None

    def line_index(self, offset: int) -> int:
        """Index in :attr:`lines` of the line holding (or following) ``offset``."""
        for i, ln in enumerate(self.lines):
            if offset <= ln.end:
                return i
        return len(self.lines) - 1
