"""Audit payloads of a check run: what was added, read, checked and concluded.

Pure functions that turn the checks' values into audit-event payloads (text,
integers, booleans only; no floats). Documents are referenced by SHA-256 and
file name, never by content. Values read from documents (names, numbers, dates)
stay out of the trail: a check's ``expected``/``found`` are bound by a SHA-256
digest instead, so a later copy of the values can be proven to be what was seen.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from workstation.checks.model import STATUSES, CheckReport, CheckResult, DocumentEvidence

#: Event types written by a check run.
DOCUMENT_ADDED = "document.added"
DOCUMENT_READ = "document.read"
CHECK_DONE = "check.done"
CASE_VERDICT = "case.verdict"
CHECK_OVERRIDDEN = "check.overridden"
CASE_DECIDED = "case.decided"


@dataclass(frozen=True)
class DocumentRef:
    """A document added to a case: a reference, never the image.

    Attributes:
        file: File name as given.
        path: Absolute path where the officer's file was read (images at rest come later).
        sha256: SHA-256 of the file's bytes.
        size: Size in bytes.
    """

    file: str
    path: str
    sha256: str
    size: int


def _pct(x: float | None) -> int | None:
    return None if x is None else round(100 * x)


def _quality(q: Mapping[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for k, v in q.items():
        if isinstance(v, bool) or v is None or isinstance(v, int):
            out[str(k)] = v
        elif isinstance(v, float):
            out[f"{k}_pct" if k in ("blur", "glare") or v <= 1.0 else str(k)] = round(100 * v) if v <= 1.0 else round(v)
        else:
            out[str(k)] = str(v)
    return out


def document_added_payload(ref: DocumentRef) -> dict[str, Any]:
    """Payload of ``document.added``."""
    return {"file": ref.file, "path": ref.path, "sha256": ref.sha256, "size": ref.size}


def document_read_payload(doc: DocumentEvidence, elapsed_ms: int | None = None) -> dict[str, Any]:
    """Payload of ``document.read``: kind, quality, which fields were read and how confidently."""
    return {
        "file": doc.file,
        "sha256": doc.sha256,
        "kind": doc.kind,
        # A list, not a mapping: field names such as date_of_birth are refused as payload keys.
        "fields_read": [{"field": k, "confidence_pct": _pct(v.confidence), "source": v.source,
                         "ambiguous": v.ambiguous} for k, v in sorted(doc.fields.items())],
        "mrz": {"present": doc.mrz_present, "broken_check_digits": sorted(k for k, ok in doc.mrz_checks.items() if not ok),
                "check_digits": len(doc.mrz_checks),
                "repairs": len(doc.mrz_repairs), "confidence_pct": _pct(doc.mrz_confidence)},
        "quality": _quality(doc.quality),
        "warnings": len(doc.warnings),
        "elapsed_ms": elapsed_ms,
    }


MAX_REASON_CHARS = 2000


def _clip(text: str) -> str:
    """A reason short enough for one audit row; a runaway reason must not block the action it records."""
    if len(text) <= MAX_REASON_CHARS:
        return text
    return text[:MAX_REASON_CHARS] + f"… ({len(text) - MAX_REASON_CHARS} more characters)"


def values_digest(check: CheckResult) -> str:
    """SHA-256 binding a check's expected and found values without writing them into the trail."""
    blob = json.dumps([check.expected, check.found], ensure_ascii=False)
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()


def check_payload(check: CheckResult, sha_by_file: Mapping[str, str], policy_version: str) -> dict[str, Any]:
    """Payload of ``check.done``."""
    ev = check.evidence
    return {
        "check_id": check.id,
        "field": check.field,
        "status": check.status,
        "reason": _clip(check.reason),
        "forgery_sign": check.forgery_sign,
        "document": check.document,
        "document_sha256": sha_by_file.get(check.document, ""),
        "page": ev.page if ev else None,
        "bbox": [round(v) for v in ev.bbox] if ev and ev.bbox else None,
        "confidence_pct": _pct(ev.confidence) if ev else None,
        "source": ev.source if ev else "",
        "values_sha256": values_digest(check),
        "policy_version": policy_version,
    }


def verdict_payload(report: CheckReport) -> dict[str, Any]:
    """Payload of ``case.verdict`` (the system's verdict of a run)."""
    counts = {s: len(report.by_status(s)) for s in STATUSES}
    return {"verdict": report.verdict, "why": report.verdict_reason, "counts": counts,
            "policy_version": report.policy_version}
