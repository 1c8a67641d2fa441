"""The supervisor's PDF report of an audit export (PyMuPDF ``Story``: HTML laid out on A4 pages).

House-rule exception, on purpose: besides ``workstation/intake/``, this module imports
PyMuPDF. Intake uses it to *decode* untrusted input; here it only *writes* a report from
our own text, so it needs none of intake's guards, and routing a report writer through
the intake package would couple two unrelated parts. The import stays inside the function
so nothing else in the audit package pays for it.
"""

from __future__ import annotations

import html
import logging
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from workstation.audit.chain import AuditEvent
from workstation.audit.export import payload_summary
from workstation.errors import InputError

log = logging.getLogger(__name__)

#: A signable report stays readable; larger exports go to CSV.
MAX_PDF_EVENTS = 20_000

_CSS = """
* { font-family: sans-serif; }
body { font-size: 8.5pt; }
h1 { font-size: 15pt; margin: 0 0 4pt 0; }
p { margin: 2pt 0; }
.meta { font-size: 9pt; }
.ok { color: #1a6b2a; font-weight: bold; }
.bad { color: #b00020; font-weight: bold; }
table { border-collapse: collapse; width: 100%; }
th { background-color: #e6e9ef; text-align: left; font-size: 8pt; padding: 2pt; border: 0.5pt solid #999; }
td { padding: 2pt; border: 0.5pt solid #bbb; font-size: 7.5pt; vertical-align: top; }
.mono { font-family: monospace; font-size: 7pt; }
.sign td { border: none; padding-top: 18pt; font-size: 9pt; }
"""


@dataclass(frozen=True)
class ReportHeader:
    """What the report says about itself.

    Attributes:
        scope: What was exported (e.g. ``case SIV-2023-004512``).
        database: The database, without password.
        generated_at: UTC time of the export.
        generated_by: User id and role of whoever exported it.
        integrity: Lines of the verification summary of the whole trail.
        intact: Whether that verification passed.
    """

    scope: str
    database: str
    generated_at: str
    generated_by: str
    integrity: tuple[str, ...]
    intact: bool


def _html(header: ReportHeader, events: Iterable[AuditEvent]) -> tuple[str, int]:
    e = html.escape
    status = '<span class="ok">INTACT</span>' if header.intact else '<span class="bad">NOT INTACT</span>'
    parts = [
        "<h1>Audit trail report</h1>",
        f'<p class="meta"><b>Scope:</b> {e(header.scope)}</p>',
        f'<p class="meta"><b>Database:</b> {e(header.database)}</p>',
        f'<p class="meta"><b>Generated:</b> {e(header.generated_at)} by {e(header.generated_by)}</p>',
        f'<p class="meta"><b>Integrity of the whole trail:</b> {status}</p>',
        *(f'<p class="meta">{e(line)}</p>' for line in header.integrity),
        "<p>&#160;</p>",
        "<table><tr><th>Seq</th><th>Time (UTC)</th><th>Desk</th><th>Actor (role)</th><th>Event</th>"
        "<th>Case</th><th>Details</th><th>Hash</th></tr>",
    ]
    count = 0
    last_hash = ""
    for ev in events:
        count += 1
        if count > MAX_PDF_EVENTS:
            raise InputError(
                f"More than {MAX_PDF_EVENTS} events for one PDF report: choose a narrower range or --format csv"
            )
        last_hash = ev.hash
        parts.append(
            f"<tr><td>{ev.seq}</td><td>{e(ev.ts[:19].replace('T', ' '))}</td><td>{e(ev.workstation_id)}</td>"
            f"<td>{e(ev.actor)} ({e(ev.role)})</td><td>{e(ev.event_type)}</td><td>{e(ev.case_ref or '')}</td>"
            f"<td>{e(payload_summary(ev.payload))}</td><td class=\"mono\">{ev.hash[:16]}</td></tr>"
        )
    parts.append("</table>")
    parts.append(f"<p>&#160;</p><p><b>Events listed:</b> {count}.")
    if last_hash:
        parts.append(f" Hash of the last listed event: <span class=\"mono\">{last_hash}</span>")
    parts.append("</p>")
    parts.append(
        "<p>Each hash is SHA-256 over the canonical event and the previous event's hash; "
        "<i>workstation audit verify</i> recomputes them. White-light scans can validate "
        "consistency; they cannot authenticate a document.</p>"
    )
    parts.append(
        '<table class="sign"><tr><td>Reviewed by: ______________________________</td>'
        "<td>Signature: ______________________________</td><td>Date: ________________</td></tr></table>"
    )
    return "".join(parts), count


def write_report_pdf(path: Path, header: ReportHeader, events: Iterable[AuditEvent]) -> int:
    """Write the report to ``path`` (A4 landscape, page numbers in the footer); return the events listed.

    Raises:
        InputError: ``path`` cannot be written.
    """
    import pymupdf as _pymupdf  # the documented exception (module docstring); visible to import-linter

    pymupdf: Any = _pymupdf  # partly typed library: keep it behind Any
    body, count = _html(header, events)
    page_rect = pymupdf.paper_rect("a4-l")
    where = page_rect + (36, 36, -36, -40)
    tmp = path.with_name(f".{path.name}.tmp")
    try:
        story = pymupdf.Story(html=body, user_css=_CSS)
        writer = pymupdf.DocumentWriter(str(tmp))
        more = True
        while more:
            dev = writer.begin_page(page_rect)
            more, _ = story.place(where)
            story.draw(dev)
            writer.end_page()
        writer.close()
        doc = pymupdf.open(str(tmp))
        total = doc.page_count
        for i, page in enumerate(doc):
            footer = f"Audit trail report - {header.scope} - page {i + 1} of {total}"
            page.insert_text((36, page_rect.height - 20), footer, fontsize=8, fontname="helv", color=(0.3, 0.3, 0.3))
        doc.save(str(path), garbage=3, deflate=True)
        doc.close()
    except (OSError, RuntimeError, ValueError) as e:
        raise InputError(f"Cannot write the PDF report {path}: {e}") from e
    finally:
        tmp.unlink(missing_ok=True)
    log.info("wrote an audit report of %d event(s)", count)
    return count
