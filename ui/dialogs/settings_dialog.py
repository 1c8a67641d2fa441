"""Settings: OCR languages, database, scanner, scan-to-folder location, camera."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QWidget,
)

from workstation.config import WorkstationConfig

LANGUAGES = (("eng", "English"), ("fas", "Dari (Persian data)"), ("pus", "Pashto"))


class SettingsDialog(QDialog):
    """Edits a copy of the configuration; ``result_config()`` returns it after OK."""

    def __init__(self, config: WorkstationConfig, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Settings")
        self.setObjectName("settingsDialog")
        self._config = config
        form = QFormLayout(self)

        self.lang_boxes: dict[str, QCheckBox] = {}
        langs = QHBoxLayout()
        for code, label in LANGUAGES:
            box = QCheckBox(label)
            box.setChecked(code in config.ocr_languages)
            box.setAccessibleName(f"OCR language {label}")
            self.lang_boxes[code] = box
            langs.addWidget(box)
        form.addRow("OCR languages", langs)

        self.db_edit = QLineEdit(config.db_url)
        self.db_edit.setPlaceholderText("empty: SQLite on this desk; postgresql+psycopg://… for a shared trail")
        self.db_edit.setAccessibleName("Database URL")
        form.addRow("&Database URL", self.db_edit)

        self.scanner_edit = QLineEdit(config.scanner_device)
        self.scanner_edit.setPlaceholderText("SANE device, e.g. genesys:libusb:001:004")
        self.scanner_edit.setAccessibleName("Scanner device")
        form.addRow("&Scanner", self.scanner_edit)

        self.watch_edit = QLineEdit(config.watch_folder)
        self.watch_edit.setAccessibleName("Scan-to-folder location")
        browse = QPushButton("&Browse…")
        browse.clicked.connect(self._browse_watch_folder)
        row = QHBoxLayout()
        row.addWidget(self.watch_edit, 1)
        row.addWidget(browse)
        form.addRow("Scan-to-&folder", row)

        self.camera_edit = QLineEdit(config.camera_source)
        self.camera_edit.setAccessibleName("Camera")
        self.camera_edit.setPlaceholderText("0 for the first camera")
        form.addRow("&Camera", self.camera_edit)

        self.idle_spin = QSpinBox()
        self.idle_spin.setRange(1, 60)
        self.idle_spin.setValue(config.idle_lock_minutes)
        self.idle_spin.setAccessibleName("Lock after idle minutes")
        form.addRow("&Lock after idle (minutes)", self.idle_spin)

        self.error = QLabel("")
        form.addRow(self.error)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self._on_accepted)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def _browse_watch_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, "Scan-to-folder location", self.watch_edit.text())
        if folder:
            self.watch_edit.setText(folder)

    def _on_accepted(self) -> None:
        if not any(b.isChecked() for b in self.lang_boxes.values()):
            self.error.setText("Choose at least one OCR language.")
            return
        self.accept()

    def result_config(self) -> WorkstationConfig:
        """The configuration as edited."""
        return replace(
            self._config,
            ocr_languages=tuple(code for code, box in self.lang_boxes.items() if box.isChecked()),
            db_url=self.db_edit.text().strip(),
            scanner_device=self.scanner_edit.text().strip(),
            watch_folder=self.watch_edit.text().strip(),
            camera_source=self.camera_edit.text().strip() or "0",
            idle_lock_minutes=self.idle_spin.value(),
        )
