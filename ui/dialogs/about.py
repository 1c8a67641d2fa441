"""The About box: version, licence, and what a white-light scan can and cannot prove."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QWidget

from workstation import LICENCE, __version__

ABOUT_TEXT = (
    "<h3>Document-verification workstation</h3>"
    f"<p>Version {__version__}</p>"
    "<p>For verification officers and supervisors at a Resettlement Support Centre: reads passports, "
    "tazkiras and employment letters, checks them against the case record, and keeps a tamper-evident "
    "audit trail.</p>"
    "<p><b>White-light scans can validate</b> (consistency, check digits, dates); <b>they cannot "
    "authenticate</b> a document (UV/IR features, holograms).</p>"
    f"<p>Licence: {LICENCE} (GNU Affero General Public License, version 3 or later). "
    "This program comes with ABSOLUTELY NO WARRANTY.</p>"
    "<p>Everything stays on this machine.</p>"
)


def make_about_box(parent: QWidget | None) -> QMessageBox:
    """Build (without showing) the About box."""
    box = QMessageBox(parent)
    box.setWindowTitle("About the workstation")
    box.setTextFormat(Qt.TextFormat.RichText)
    box.setText(ABOUT_TEXT)
    box.setIcon(QMessageBox.Icon.Information)
    box.setObjectName("aboutBox")
    return box
