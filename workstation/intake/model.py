"""Values intake produces: a source file turned into page images.

Every page image is a numpy ``uint8`` array of shape ``(H, W, 3)`` in **BGR** order (OpenCV's
convention), whatever the source: grayscale, palette, 16-bit, CMYK and alpha images are all
converted (alpha is composited on white) and EXIF orientation is applied, so the array is the
page as a person sees it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

import numpy as np
import numpy.typing as npt

from workstation.config import WorkstationConfig

SourceKind = Literal["image", "pdf"]
SourceFormat = Literal["jpeg", "png", "tiff", "pdf"]

#: Files larger than this are refused before being read (a 50-page 300-DPI scan PDF is ~100 MB).
DEFAULT_MAX_FILE_BYTES = 256 * 1024 * 1024


@dataclass(frozen=True)
class TextWord:
    """One word of a PDF's text layer, positioned on the rendered page image.

    Attributes:
        text: The word.
        bbox: ``(x0, y0, x1, y1)`` in pixels of the page's rendered image.
        block: PyMuPDF block number (0-based).
        line: Line number within the block (0-based).
        word: Word number within the line (0-based).
    """

    text: str
    bbox: tuple[float, float, float, float]
    block: int
    line: int
    word: int


@dataclass(frozen=True, eq=False)
class PageImage:
    """One page of a source document, ready for imaging.

    Attributes:
        page_number: 1-based page number within the source.
        image: ``uint8`` BGR array ``(H, W, 3)``.
        dpi: Resolution in dots per inch: the render resolution for PDF pages, the file's
            declared resolution for images (``None`` when the file declares none, typical of phone photos).
        text_words: The PDF text layer (``None`` for images; an empty tuple for a scanned PDF page
            without text).
        source_size: Size in source units: ``(width, height)`` pixels for images, points for PDF pages.
    """

    page_number: int
    image: npt.NDArray[np.uint8]
    dpi: float | None
    text_words: tuple[TextWord, ...] | None
    source_size: tuple[float, float]

    @property
    def width(self) -> int:
        """Image width in pixels."""
        return int(self.image.shape[1])

    @property
    def height(self) -> int:
        """Image height in pixels."""
        return int(self.image.shape[0])

    @property
    def has_text_layer(self) -> bool:
        """Whether the page came with a non-empty PDF text layer."""
        return bool(self.text_words)


@dataclass(frozen=True, eq=False)
class SourceDocument:
    """A decoded input file.

    Attributes:
        file_name: Base name of the file (no folder: folders may carry personal data).
        sha256: Hex SHA-256 of the file's bytes (the audit trail's identity of the evidence).
        kind: ``image`` or ``pdf``.
        format: ``jpeg``, ``png``, ``tiff`` or ``pdf`` (sniffed from the content, not the extension).
        page_count: Number of pages in the source (a multi-page TIFF counts frames).
        pages: The decoded pages, in order (only those requested in :class:`IntakeOptions.pages`).
        warnings: Things the officer should know that did not stop the decoding
            (e.g. "the PDF was damaged and repaired").
    """

    file_name: str
    sha256: str
    kind: SourceKind
    format: SourceFormat
    page_count: int
    pages: tuple[PageImage, ...]
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True)
class IntakeOptions:
    """Limits and choices for decoding; build one from the configuration with :meth:`from_config`.

    Attributes:
        render_dpi: Resolution for rendering PDF pages.
        max_megapixels: Images (or rendered PDF pages) larger than this are refused before decoding.
            A PDF page that would exceed it is rendered at a lower resolution instead.
        max_pages: PDFs (and multi-page TIFFs) with more pages are refused.
        max_file_bytes: Files larger than this are refused before being read.
        pages: 1-based page numbers to decode (``None``: all). Numbers past the end are ignored.
    """

    render_dpi: float = 300.0
    max_megapixels: float = 50.0
    max_pages: int = 50
    max_file_bytes: int = DEFAULT_MAX_FILE_BYTES
    pages: tuple[int, ...] | None = field(default=None)

    @classmethod
    def from_config(cls, config: WorkstationConfig, **overrides: object) -> IntakeOptions:
        """Options with the configuration's limits, then ``overrides``."""
        base = cls(
            render_dpi=float(config.render_dpi),
            max_megapixels=float(config.max_megapixels),
            max_pages=int(config.max_pdf_pages),
        )
        if not overrides:
            return base
        from dataclasses import replace

        return replace(base, **overrides)  # type: ignore[arg-type]

    @property
    def max_pixels(self) -> int:
        """The pixel limit as an integer."""
        return int(self.max_megapixels * 1_000_000)
