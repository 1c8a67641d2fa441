"""A page viewer: zoom, pan, rotate, and an overlay of OCR word boxes and field boxes."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCore import QRectF, Qt, Signal
from PySide6.QtGui import (
    QBrush,
    QColor,
    QImage,
    QKeySequence,
    QPainter,
    QPen,
    QPixmap,
    QShortcut,
    QWheelEvent,
)
from PySide6.QtWidgets import QGraphicsPixmapItem, QGraphicsRectItem, QGraphicsScene, QGraphicsView, QWidget

#: Box colours by status; the status is also in the tooltip, never colour alone.
STATUS_PENS = {
    "pass": QColor(0, 128, 64),
    "fail": QColor(200, 30, 30),
    "review": QColor(200, 120, 0),
    "not_done": QColor(110, 110, 110),
    "field": QColor(130, 40, 170),
    "word": QColor(40, 90, 200),
    "word_low": QColor(190, 90, 0),
}
#: Words read with less confidence than this are drawn dashed (and say so in their tooltip).
LOW_CONFIDENCE = 0.6

#: An OCR word as the reading carries it: ``(text, x0, y0, x1, y1, confidence 0..1, page)``.
Word = tuple[str, int, int, int, int, float, int]


@dataclass(frozen=True)
class OverlayBox:
    """A rectangle drawn over the page, in page pixel coordinates."""

    bbox: tuple[float, float, float, float]
    label: str
    kind: str = "word"
    key: str = ""


class DocumentViewer(QGraphicsView):
    """Shows one page image with optional boxes; ``box_clicked(key)`` when a box is clicked."""

    box_clicked = Signal(str)
    ZOOM_STEP = 1.25

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("documentViewer")
        self.setAccessibleName("Document page")
        self._scene = QGraphicsScene(self)
        self.setScene(self._scene)
        self.setRenderHints(QPainter.RenderHint.Antialiasing | QPainter.RenderHint.SmoothPixmapTransform)
        self.setDragMode(QGraphicsView.DragMode.ScrollHandDrag)
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorUnderMouse)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self._pixmap_item: QGraphicsPixmapItem | None = None
        self._boxes: list[QGraphicsRectItem] = []
        self._show_words = False
        self._words: list[Word] = []
        self._word_scale = 1.0
        self._word_items: list[QGraphicsRectItem] = []
        self._word_pen = QPen(STATUS_PENS["word"])
        self._word_pen.setCosmetic(True)
        self._word_pen.setWidthF(1.0)
        # Low confidence is told by the dashed outline and the tooltip, not by the colour alone.
        self._low_pen = QPen(STATUS_PENS["word_low"])
        self._low_pen.setCosmetic(True)
        self._low_pen.setWidthF(1.5)
        self._low_pen.setStyle(Qt.PenStyle.DashLine)
        self.rotation_degrees = 0
        for seq, slot in (
            (QKeySequence.StandardKey.ZoomIn, self.zoom_in),
            (QKeySequence.StandardKey.ZoomOut, self.zoom_out),
            (QKeySequence("Ctrl+0"), self.fit),
            (QKeySequence("Ctrl+R"), self.rotate_right),
        ):
            sc = QShortcut(seq, self)
            sc.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            sc.activated.connect(slot)

    # -- content -----------------------------------------------------------------------------
    def set_page(self, image: QImage | None, boxes: list[OverlayBox] | None = None, words: Sequence[Word] = (),
                 word_scale: float = 1.0) -> None:
        """Show ``image`` (or nothing) with ``boxes`` drawn over it.

        ``words`` are the reading's OCR words (page 1 only is shown); their boxes are in page
        pixels and are multiplied by ``word_scale`` to land on ``image``. They are drawn only
        while word boxes are shown (:meth:`set_words_visible`).
        """
        self._scene.clear()
        self._boxes = []
        self._word_items = []
        self._words = [w for w in words if w[6] == 1]
        self._word_scale = word_scale
        self._pixmap_item = None
        self.resetTransform()
        self.rotation_degrees = 0
        if image is None or image.isNull():
            return
        self._pixmap_item = self._scene.addPixmap(QPixmap.fromImage(image))
        self._scene.setSceneRect(QRectF(image.rect()))
        for box in boxes or []:
            self._add_box(box)
        if self._show_words:
            self._add_words()
        self.fit()

    def _add_words(self) -> None:
        s = self._word_scale
        for text, x0, y0, x1, y1, conf, _page in self._words:
            low = conf < LOW_CONFIDENCE
            item = self._scene.addRect(QRectF(x0 * s, y0 * s, (x1 - x0) * s, (y1 - y0) * s),
                                       self._low_pen if low else self._word_pen, QBrush(Qt.BrushStyle.NoBrush))
            item.setZValue(1)  # under the field boxes
            item.setToolTip(f"“{text}”: read with {round(conf * 100)} % confidence" + (" (low, check it)" if low else ""))
            item.setData(1, "word_low" if low else "word")
            self._word_items.append(item)

    def _add_box(self, box: OverlayBox) -> None:
        x0, y0, x1, y1 = box.bbox
        pen = QPen(STATUS_PENS.get(box.kind, STATUS_PENS["word"]))
        pen.setWidthF(3.0 if box.kind != "word" else 1.5)
        pen.setCosmetic(True)
        item = self._scene.addRect(QRectF(x0, y0, x1 - x0, y1 - y0), pen, QBrush(Qt.BrushStyle.NoBrush))
        item.setToolTip(f"{box.label} ({box.kind})" if box.kind != "word" else box.label)
        item.setData(0, box.key)
        item.setData(1, box.kind)
        item.setZValue(2)
        item.setVisible(self._show_words or box.kind != "word")
        self._boxes.append(item)

    def set_words_visible(self, visible: bool) -> None:
        """Show or hide the OCR word boxes (field boxes stay); they are made on first showing."""
        self._show_words = visible
        if visible and not self._word_items and self._pixmap_item is not None:
            self._add_words()
        for item in self._word_items:
            item.setVisible(visible)
        for item in self._boxes:
            if item.data(1) == "word":
                item.setVisible(visible)

    @property
    def words_visible(self) -> bool:
        """Whether OCR word boxes are shown."""
        return self._show_words

    @property
    def word_boxes(self) -> list[QGraphicsRectItem]:
        """The word boxes drawn (empty while hidden and never shown for this page)."""
        return list(self._word_items)

    def highlight(self, bbox: tuple[float, float, float, float]) -> None:
        """Centre on ``bbox`` and zoom so it is comfortably readable."""
        x0, y0, x1, y1 = bbox
        rect = QRectF(x0, y0, x1 - x0, y1 - y0).adjusted(-60, -60, 60, 60)
        self.fitInView(rect, Qt.AspectRatioMode.KeepAspectRatio)

    @property
    def box_count(self) -> int:
        """Number of boxes drawn (words and fields)."""
        return len(self._boxes)

    # -- navigation --------------------------------------------------------------------------
    def fit(self) -> None:
        """Fit the whole page in the view."""
        if self._pixmap_item is not None:
            self.fitInView(self._pixmap_item, Qt.AspectRatioMode.KeepAspectRatio)

    def zoom_in(self) -> None:
        """Zoom in one step."""
        self.scale(self.ZOOM_STEP, self.ZOOM_STEP)

    def zoom_out(self) -> None:
        """Zoom out one step."""
        self.scale(1 / self.ZOOM_STEP, 1 / self.ZOOM_STEP)

    def rotate_right(self) -> None:
        """Rotate the view a quarter turn clockwise (the stored image is untouched)."""
        self.rotation_degrees = (self.rotation_degrees + 90) % 360
        self.rotate(90)

    def wheelEvent(self, event: QWheelEvent) -> None:  # noqa: N802
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            (self.zoom_in if event.angleDelta().y() > 0 else self.zoom_out)()
            event.accept()
            return
        super().wheelEvent(event)

    def mouseDoubleClickEvent(self, event) -> None:  # type: ignore[no-untyped-def]  # noqa: N802
        item = self.itemAt(event.position().toPoint())
        if isinstance(item, QGraphicsRectItem) and item.data(0):
            self.box_clicked.emit(str(item.data(0)))
            return
        super().mouseDoubleClickEvent(event)
