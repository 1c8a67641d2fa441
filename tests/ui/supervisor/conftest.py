"""Fixtures of the access tests: the checks tests' fake reader (SPECIMEN readings, no OCR) and files."""

from __future__ import annotations

from tests.core.checks.test_service_and_cli import fake_reader, files  # noqa: F401
