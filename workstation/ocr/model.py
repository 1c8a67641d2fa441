"""Values the OCR engines return: frozen, engine-independent, picklable.

Coordinates are pixels of the image given to the engine, ``(x0, y0, x1, y1)`` with
``x1``/``y1`` exclusive. Confidences are in ``0..1`` (Tesseract's 0..100 divided by 100).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from enum import IntEnum

BBox = tuple[int, int, int, int]


class PageSegMode(IntEnum):
    """Tesseract page segmentation modes (``--psm``) the workstation uses."""

    OSD_ONLY = 0
    AUTO_OSD = 1
    AUTO = 3
    SINGLE_COLUMN = 4
    SINGLE_BLOCK = 6
    SINGLE_LINE = 7
    SINGLE_WORD = 8
    SPARSE_TEXT = 11
    RAW_LINE = 13


@dataclass(frozen=True)
class OcrWord:
    """One recognised word.

    Attributes:
        text: The word as read (never empty).
        confidence: Engine confidence in ``0..1``.
        bbox: Box in image pixels ``(x0, y0, x1, y1)``.
        block: Tesseract block number (1-based).
        paragraph: Paragraph number within the block (1-based).
        line: Line number within the paragraph (1-based).
        word: Word number within the line (1-based).
    """

    text: str
    confidence: float
    bbox: BBox
    block: int
    paragraph: int
    line: int
    word: int

    @property
    def line_key(self) -> tuple[int, int, int]:
        """``(block, paragraph, line)``: identifies the line this word belongs to."""
        return (self.block, self.paragraph, self.line)


@dataclass(frozen=True)
class OcrLine:
    """One text line: its words in reading order.

    Attributes:
        text: The words joined by single spaces.
        confidence: Mean word confidence in ``0..1`` (0 for a line without words).
        bbox: Union of the word boxes.
        words: The words of the line, left to right as Tesseract ordered them.
    """

    text: str
    confidence: float
    bbox: BBox
    words: tuple[OcrWord, ...]


@dataclass(frozen=True)
class OcrResult:
    """Everything one OCR call produced.

    Attributes:
        text: Plain text, one line of text per line, blank line between blocks.
        words: Every non-empty word, in Tesseract's reading order.
        lines: The same words grouped into lines.
        engine: Name of the engine that produced it (``tesserocr`` or ``pytesseract``).
        lang: Tesseract language string used (``eng``, ``eng+fas``...).
        psm: Page segmentation mode used.
        elapsed_s: Wall time of the call, seconds.
    """

    text: str
    words: tuple[OcrWord, ...]
    lines: tuple[OcrLine, ...]
    engine: str
    lang: str
    psm: int
    elapsed_s: float

    @property
    def mean_confidence(self) -> float:
        """Mean word confidence in ``0..1`` (0 when nothing was read)."""
        if not self.words:
            return 0.0
        return sum(w.confidence for w in self.words) / len(self.words)


@dataclass(frozen=True)
class OsdResult:
    """Tesseract's orientation and script detection.

    Attributes:
        rotation: Degrees to rotate the image *clockwise* to make the text upright (0, 90, 180, 270).
        confidence: Tesseract's orientation confidence (unbounded, >= 0; above ~2 is usually right).
        script: Detected script name (``Latin``, ``Arabic``...), empty when unknown.
        script_confidence: Tesseract's script confidence (unbounded, >= 0).
    """

    rotation: int
    confidence: float
    script: str
    script_confidence: float


def union_bbox(boxes: Sequence[BBox]) -> BBox:
    """The smallest box containing every box in ``boxes`` (``(0, 0, 0, 0)`` when empty)."""
    if not boxes:
        return (0, 0, 0, 0)
    return (
        min(b[0] for b in boxes),
        min(b[1] for b in boxes),
        max(b[2] for b in boxes),
        max(b[3] for b in boxes),
    )


def build_result(
    rows: Sequence[Sequence[str]],
    *,
    engine: str,
    lang: str,
    psm: int,
    elapsed_s: float,
) -> OcrResult:
    """Build an :class:`OcrResult` from Tesseract TSV rows (without the header).

    Both engines produce the same TSV (``image_to_data`` / ``GetTSVText``), so one parser keeps
    their results identical in shape.

    Args:
        rows: Split TSV rows: level, page, block, par, line, word, left, top, width, height, conf, text.
        engine: Engine name recorded in the result.
        lang: Language string used.
        psm: Page segmentation mode used.
        elapsed_s: Wall time of the call.
    """
    words: list[OcrWord] = []
    for row in rows:
        if len(row) < 12 or row[0] != "5":
            continue
        text = row[11].strip()
        if not text:
            continue
        try:
            block, par, line, wnum = (int(row[i]) for i in (2, 3, 4, 5))
            left, top, width, height = (int(row[i]) for i in (6, 7, 8, 9))
            conf = float(row[10])
        except ValueError:
            continue
        words.append(
            OcrWord(
                text=text,
                confidence=max(0.0, min(1.0, conf / 100.0)),
                bbox=(left, top, left + width, top + height),
                block=block,
                paragraph=par,
                line=line,
                word=wnum,
            )
        )
    lines: list[OcrLine] = []
    current: list[OcrWord] = []
    for w in words:
        if current and current[-1].line_key != w.line_key:
            lines.append(_make_line(current))
            current = []
        current.append(w)
    if current:
        lines.append(_make_line(current))
    return OcrResult(
        text=_text_of(lines),
        words=tuple(words),
        lines=tuple(lines),
        engine=engine,
        lang=lang,
        psm=psm,
        elapsed_s=elapsed_s,
    )


def join_strips(top: OcrResult, bottom: OcrResult, *, bottom_y: int, cut: int) -> OcrResult:
    """One result from OCR of two overlapping horizontal strips of an image.

    ``top`` read rows ``[0, ...)`` and ``bottom`` rows ``[bottom_y, ...)`` of the same image, and the
    strips overlap around row ``cut``. A line is taken from the strip on whose side of ``cut`` its
    middle lies, so a line in the overlap (read by both) is kept once, from the strip that holds it
    whole when the overlap is wider than a line. Coordinates are the whole image's; the bottom
    strip's blocks are numbered after the top's so that every line keeps its own key.
    """
    kept: list[OcrLine] = [ln for ln in top.lines if (ln.bbox[1] + ln.bbox[3]) / 2 < cut]
    shift = max((w.block for ln in kept for w in ln.words), default=0)
    for ln in bottom.lines:
        if (ln.bbox[1] + ln.bbox[3]) / 2 + bottom_y < cut:
            continue
        moved = [replace(w, bbox=(w.bbox[0], w.bbox[1] + bottom_y, w.bbox[2], w.bbox[3] + bottom_y),
                         block=w.block + shift) for w in ln.words]
        kept.append(_make_line(moved))
    return OcrResult(
        text=_text_of(kept),
        words=tuple(w for ln in kept for w in ln.words),
        lines=tuple(kept),
        engine=top.engine,
        lang=top.lang,
        psm=top.psm,
        elapsed_s=max(top.elapsed_s, bottom.elapsed_s),
    )


def _text_of(lines: Sequence[OcrLine]) -> str:
    """Plain text of lines: one per line, a blank line between blocks."""
    parts: list[str] = []
    prev_block: int | None = None
    for ln in lines:
        block = ln.words[0].block
        if prev_block is not None and block != prev_block:
            parts.append("")
        parts.append(ln.text)
        prev_block = block
    return "\n".join(parts)


def _make_line(words: list[OcrWord]) -> OcrLine:
    return OcrLine(
        text=" ".join(w.text for w in words),
        confidence=sum(w.confidence for w in words) / len(words),
        bbox=union_bbox([w.bbox for w in words]),
        words=tuple(words),
    )


def parse_tsv(tsv: str) -> list[list[str]]:
    """Split Tesseract TSV output into rows, dropping the header line when present."""
    rows = [line.split("\t") for line in tsv.splitlines() if line]
    if rows and rows[0] and rows[0][0] == "level":
        rows = rows[1:]
    return rows
