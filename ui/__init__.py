"""The PySide6 desktop shell. It imports ``workstation``; the core never imports it."""
