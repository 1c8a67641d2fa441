"""``workstation read FILE [--json]``: read one document and print what was found.

The JSON is ARCHITECTURE.md 4.2 (:meth:`DocumentReading.as_dict`); without ``--json`` a table.
Bad input exits 2 with one line on stderr (the CLI's error handler prints it).
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from workstation.config import WorkstationConfig


def register(subparsers: Any, handlers: dict[str, Callable[..., int]], add_common: Callable[..., None]) -> None:
    """Add the ``read`` sub-command to the ``workstation`` parser."""
    p = subparsers.add_parser("read", help="read one document (passport, tazkira, letter) and print its fields")
    p.add_argument("file", type=Path, help="image (JPEG, PNG, TIFF) or PDF")
    p.add_argument("--json", action="store_true", help="print the ARCHITECTURE.md 4.2 JSON object")
    p.add_argument("--kind", choices=("passport", "tazkira", "employment_letter"), help="skip classification")
    add_common(p)
    handlers["read"] = cmd_read


def cmd_read(args: argparse.Namespace, cfg: WorkstationConfig) -> int:
    """Read ``args.file`` and print JSON or a table; 0 on success (even with warnings)."""
    from workstation.documents.reading import read_document

    reading = read_document(args.file, cfg, kind=args.kind)
    if args.json:
        print(json.dumps(reading.as_dict(), ensure_ascii=False))
    else:
        print(format_reading(reading.as_dict()))
    return 0


def format_reading(d: dict[str, Any]) -> str:
    """A readable table of a 4.2 reading."""
    out = [f"{d['file']}  kind: {d['kind']}  sha256: {str(d['sha256'])[:16]}..."]
    fields: dict[str, dict[str, Any]] = d.get("fields") or {}
    if fields:
        w = max(len(k) for k in fields)
        out.append(f"  {'field':<{w}}  {'value':<32} {'conf':>5}  source")
        for k, f in fields.items():
            out.append(f"  {k:<{w}}  {str(f['value']):<32} {f['confidence']:>5.2f}  {f['source']}")
    else:
        out.append("  (no fields read)")
    mrz = d.get("mrz")
    if mrz:
        status = "valid" if mrz["valid"] else "INVALID"
        out.append(f"  MRZ {mrz['format']} {status}: " + ", ".join(f"{k} {'ok' if v else 'FAIL'}" for k, v in mrz["checks"].items()))
        out.extend(f"    {line}" for line in mrz["lines"])
        for r in mrz.get("repairs", []):
            if r["proof"] == "check_digit":
                out.append(f"    repaired {r['field']}: {r['from']} -> {r['to']} (proved by check digit)")
    for k, v in (d.get("consistency") or {}).items():
        if v == "mismatch":
            out.append(f"  MRZ vs printed page: {k} DIFFERS")
    q = d.get("quality") or {}
    out.append(f"  quality: blur {q.get('blur')}  glare {q.get('glare')}  dpi {q.get('dpi')}")
    for wline in d.get("warnings") or []:
        out.append(f"  warning: {wline}")
    return "\n".join(out)
