"""Values intake produces: a source file turned into page images.

Every page image is a numpy ``uint8`` array of shape ``(H, W, 3)`` in **BGR** order (OpenCV's
convention), whatever the source: grayscale, palette, 16-bit, CMYK and alpha images are all
converted (alpha is composited on white) and EXIF orientation is applied, so the array is the
page as a person sees it.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
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


class PageImage:
    """One page of a source document, ready for imaging.

    A PDF page with a text layer is rendered only when its pixels are first asked for
    (:attr:`image`): reading its words needs no image, and rendering at 300 DPI costs far more than
    reading them. Its :attr:`width` and :attr:`height` are known without rendering.

    Attributes:
        page_number: 1-based page number within the source.
        image: ``uint8`` BGR array ``(H, W, 3)`` (rendered on first access for a lazy PDF page).
        dpi: Resolution in dots per inch: the render resolution for PDF pages, the file's
            declared resolution for images (``None`` when the file declares none, typical of phone photos).
        text_words: The PDF text layer (``None`` for images; an empty tuple for a scanned PDF page
            without text).
        source_size: Size in source units: ``(width, height)`` pixels for images, points for PDF pages.
    """

    __slots__ = ("page_number", "dpi", "text_words", "source_size", "_image", "_render", "_size", "_lock")

    page_number: int
    dpi: float | None
    text_words: tuple[TextWord, ...] | None
    source_size: tuple[float, float]
    _image: npt.NDArray[np.uint8] | None
    _render: Callable[[], npt.NDArray[np.uint8]] | None
    _size: tuple[int, int] | None
    _lock: threading.Lock

    def __init__(
        self,
        page_number: int,
        image: npt.NDArray[np.uint8] | None,
        dpi: float | None,
        text_words: tuple[TextWord, ...] | None,
        source_size: tuple[float, float],
        *,
        render: Callable[[], npt.NDArray[np.uint8]] | None = None,
        size: tuple[int, int] | None = None,
    ) -> None:
        """A page with its pixels (``image``), or without them and a ``render`` callable of the given ``size``.

        Args:
            render: Produces the pixels on first access of :attr:`image` (called at most once);
                required when ``image`` is ``None``.
            size: ``(width, height)`` in pixels of what ``render`` will return; required with ``render``.
        """
        if image is None and (render is None or size is None):
            raise ValueError("a page needs its image, or a renderer and the size it renders")
        setattr_ = object.__setattr__
        setattr_(self, "page_number", page_number)
        setattr_(self, "dpi", dpi)
        setattr_(self, "text_words", text_words)
        setattr_(self, "source_size", source_size)
        setattr_(self, "_image", image)
        setattr_(self, "_render", render if image is None else None)
        setattr_(self, "_size", (int(image.shape[1]), int(image.shape[0])) if image is not None else size)
        setattr_(self, "_lock", threading.Lock())

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"PageImage is read-only (cannot set {name})")

    def __reduce__(self) -> tuple[object, ...]:
        # Pickled with its pixels (a renderer holds an open source that does not cross processes).
        return (PageImage, (self.page_number, self.image, self.dpi, self.text_words, self.source_size))

    def __repr__(self) -> str:
        w, h = self._size or (0, 0)
        state = "rendered" if self._image is not None else "not rendered"
        return f"PageImage(page_number={self.page_number}, {w}x{h}, dpi={self.dpi}, {state})"

    @property
    def image(self) -> npt.NDArray[np.uint8]:
        """The page's pixels, ``uint8`` BGR ``(H, W, 3)``; a lazy page is rendered here (once, thread-safe).

        Raises:
            InputError: A lazy page could not be rendered (the renderer's own error).
        """
        img = self._image
        if img is not None:
            return img
        with self._lock:
            if self._image is None:
                render = self._render
                assert render is not None
                object.__setattr__(self, "_image", render())
                object.__setattr__(self, "_render", None)
            out = self._image
        assert out is not None
        return out

    @property
    def image_ready(self) -> bool:
        """Whether the pixels exist already (``False`` for a lazy page not yet rendered)."""
        return self._image is not None

    @property
    def width(self) -> int:
        """Image width in pixels (known without rendering)."""
        return int(self._size[0]) if self._size else int(self.image.shape[1])

    @property
    def height(self) -> int:
        """Image height in pixels (known without rendering)."""
        return int(self._size[1]) if self._size else int(self.image.shape[0])

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
