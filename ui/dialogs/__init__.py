"""Dialogs of the desktop shell."""
