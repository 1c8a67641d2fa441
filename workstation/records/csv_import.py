"""Import applicant records from a CSV export of a case-management system.

A *column mapping* (a small JSON file) says which CSV column feeds which record
field (ARCHITECTURE.md 4.1). Every row is checked; when any row is bad, nothing is
imported and the error lists every bad row, one clause per row, so the clerk can fix
the export in one go. Columns the mapping does not name are kept in the record's
``extra`` (shown to the officer, never dropped) unless the mapping ignores them.

Mapping file::

    {
      "columns": {"Case No": "case_number", "Family name": "surname",
                  "Given names": "given_names", "DOB": "date_of_birth",
                  "Employer 1": "employment.0.employer", "From 1": "employment.0.start_date"},
      "ignore": ["Internal row id"],
      "date_order": "MDY",
      "values": {"sex": {"Male": "M", "Female": "F"}},
      "rows": "one_per_case",
      "delimiter": ",",
      "encoding": "utf-8-sig"
    }

Every key is optional. Without a mapping, headers that are record field names
(``surname``, ``employment.0.employer``; case and spaces ignored) map to themselves.
``rows: "one_per_employment"`` merges rows sharing a case number, each adding its
employment period(s). Dates may be ISO (``1988-03-21``, ``1988-03``, ``1988``) or
anything :func:`workstation.matching.dates.parse_date_text` reads; a numeric date
whose day/month order the mapping's ``date_order`` does not settle is a bad row.
"""

from __future__ import annotations

import csv
import io
import json
import logging
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from workstation.errors import InputError
from workstation.matching.dates import parse_date_text
from workstation.records.model import EMPLOYMENT_FIELDS, RECORD_FIELDS, ApplicantRecord, parse_record

log = logging.getLogger(__name__)

__all__ = ["ColumnMapping", "CsvImport", "CsvImportError", "RowError", "import_records_csv", "load_column_mapping"]

#: Files larger than this are refused before reading (a case export is a few MB at most).
MAX_CSV_BYTES = 64 * 1024 * 1024

_DATE_TARGETS = {"date_of_birth", "passport_expiry"}
_EMPLOYMENT_DATE_TARGETS = {"start_date", "end_date"}
_ISO_PARTIAL = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
_EMPLOYMENT_TARGET = re.compile(r"^employment\.(\d{1,2})\.([a-z_]+)$")
_EXTRA_TARGET = re.compile(r"^extra\.(.+)$")


@dataclass(frozen=True)
class RowError:
    """One bad row.

    Attributes:
        row: Line number of the row in the file (the header is line 1).
        case_number: The row's case number, when it has one.
        message: What is wrong, in one clause.
    """

    row: int
    case_number: str | None
    message: str

    def __str__(self) -> str:
        case = f" (case {self.case_number})" if self.case_number else ""
        return f"row {self.row}{case}: {self.message}"


class CsvImportError(InputError):
    """Some rows of a CSV import are bad; nothing was imported. ``rows`` lists every bad row."""

    def __init__(self, file_name: str, total: int, rows: list[RowError]) -> None:
        self.rows: tuple[RowError, ...] = tuple(rows)
        self.file_name = file_name
        listed = "; ".join(str(r) for r in rows)
        super().__init__(f"{file_name}: {len(rows)} of {total} rows are bad, nothing imported: {listed}")


@dataclass(frozen=True)
class ColumnMapping:
    """How the columns of a CSV export map onto record fields.

    Attributes:
        columns: CSV header -> target (``surname``, ``employment.0.start_date``,
            ``extra.Some name``).
        ignore: Headers dropped on purpose (not kept in ``extra``).
        date_order: ``"DMY"`` or ``"MDY"`` for numeric dates such as ``05/03/2010``;
            None means such a date with both parts 12 or less is a bad row.
        values: Per target, a table replacing whole cell values (``Male`` -> ``M``).
        rows: ``"one_per_case"`` or ``"one_per_employment"`` (rows of one case merged).
        delimiter: Cell separator; None sniffs among ``,`` ``;`` tab and ``|``.
        encoding: Text encoding of the file.
    """

    columns: dict[str, str] = field(default_factory=dict)
    ignore: frozenset[str] = frozenset()
    date_order: Literal["DMY", "MDY"] | None = None
    values: dict[str, dict[str, str]] = field(default_factory=dict)
    rows: Literal["one_per_case", "one_per_employment"] = "one_per_case"
    delimiter: str | None = None
    encoding: str = "utf-8-sig"

    @classmethod
    def from_dict(cls, data: Any, where: str = "column mapping") -> ColumnMapping:
        """Validate a mapping given as a JSON object.

        Raises:
            InputError: An unknown key, target or option.
        """
        if not isinstance(data, dict):
            raise InputError(f"{where} must be a JSON object")
        known = {"columns", "ignore", "date_order", "values", "rows", "delimiter", "encoding"}
        for key in data:
            if not key.startswith("_") and key not in known:
                raise InputError(f"{where}: unknown key {key!r} (known: {', '.join(sorted(known))})")
        columns = data.get("columns") or {}
        if not isinstance(columns, dict) or not all(isinstance(k, str) and isinstance(v, str)
                                                    for k, v in columns.items()):
            raise InputError(f"{where}: columns must map header text to field names")
        for header, target in columns.items():
            problem = _target_problem(target)
            if problem:
                raise InputError(f"{where}: column {header!r}: {problem}")
        targets = [t for t in columns.values() if not t.startswith("extra.")]
        dupes = sorted({t for t in targets if targets.count(t) > 1})
        if dupes:
            raise InputError(f"{where}: more than one column maps to {', '.join(dupes)}")
        ignore = data.get("ignore") or []
        if not isinstance(ignore, list) or not all(isinstance(x, str) for x in ignore):
            raise InputError(f"{where}: ignore must be a list of headers")
        date_order = data.get("date_order")
        if date_order not in (None, "DMY", "MDY"):
            raise InputError(f"{where}: date_order must be 'DMY' or 'MDY'")
        values = data.get("values") or {}
        if not isinstance(values, dict) or not all(
            isinstance(t, str) and isinstance(table, dict) and all(isinstance(v, str) for v in table.values())
            for t, table in values.items()
        ):
            raise InputError(f"{where}: values must map a field to a table of replacements")
        rows = data.get("rows", "one_per_case")
        if rows not in ("one_per_case", "one_per_employment"):
            raise InputError(f"{where}: rows must be 'one_per_case' or 'one_per_employment'")
        delimiter = data.get("delimiter")
        if delimiter is not None and (not isinstance(delimiter, str) or len(delimiter) != 1):
            raise InputError(f"{where}: delimiter must be one character")
        encoding = data.get("encoding", "utf-8-sig")
        if not isinstance(encoding, str):
            raise InputError(f"{where}: encoding must be text")
        try:
            "".encode(encoding)
        except LookupError as e:
            raise InputError(f"{where}: unknown encoding {encoding!r}") from e
        return cls(columns=dict(columns), ignore=frozenset(ignore), date_order=date_order,
                   values={t: dict(v) for t, v in values.items()}, rows=rows, delimiter=delimiter,
                   encoding=encoding)


def _target_problem(target: str) -> str | None:
    if target in RECORD_FIELDS and target != "employment":
        return None
    m = _EMPLOYMENT_TARGET.match(target)
    if m:
        return None if m.group(2) in EMPLOYMENT_FIELDS else f"unknown employment field {m.group(2)!r}"
    if _EXTRA_TARGET.match(target):
        return None
    return f"unknown field {target!r}"


def load_column_mapping(path: Path) -> ColumnMapping:
    """Read a column-mapping JSON file.

    Raises:
        InputError: The file is missing, not JSON, or not a valid mapping.
    """
    try:
        raw = path.read_bytes()
    except OSError as e:
        raise InputError(f"Cannot read {path.name}: {e.strerror or e}") from e
    try:
        data = json.loads(raw.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as e:
        raise InputError(f"{path.name} is not valid JSON: {e}") from e
    return ColumnMapping.from_dict(data, path.name)


@dataclass(frozen=True)
class CsvImport:
    """A successful import.

    Attributes:
        records: One record per case, in file order.
        rows: Number of data rows read.
        warnings: Things the clerk should know that did not stop the import (a mapped
            column absent from the file).
    """

    records: tuple[ApplicantRecord, ...]
    rows: int
    warnings: tuple[str, ...] = ()


def _normal_header(h: str) -> str:
    return re.sub(r"\s+", "_", h.strip().lower())


def _identity_target(header: str) -> str | None:
    h = _normal_header(header)
    return h if _target_problem(h) is None and not h.startswith("extra.") else None


def _date_value(text: str, target: str, order: Literal["DMY", "MDY"] | None) -> str:
    """An ISO record date from a cell; raises ValueError with the clause to report."""
    if _ISO_PARTIAL.match(text):
        return text
    parsed = parse_date_text(text, order_hint=order)
    if parsed.ambiguous:
        raise ValueError(f"{target} {text!r} is ambiguous (day/month order); set date_order in the mapping")
    if parsed.native is None:
        raise ValueError(f"{target} {text!r} is not a date ({parsed.error})")
    if parsed.native.calendar == "solar_hijri" and parsed.native.precision != "day":
        raise ValueError(f"{target} {text!r} is a Solar Hijri year or month; write the Gregorian date")
    iso = parsed.iso
    assert iso is not None
    return iso


def _row_to_dict(
    cells: dict[str, str], mapping: ColumnMapping, targets: dict[str, str | None]
) -> dict[str, Any]:
    """The record JSON object for one row; raises ValueError with the clause to report."""
    data: dict[str, Any] = {}
    employment: dict[int, dict[str, Any]] = {}
    extra: dict[str, Any] = {}
    problems: list[str] = []
    for header, raw in cells.items():
        value = raw.strip()
        target = targets.get(header)
        if target is None:
            if header not in mapping.ignore and value:
                extra[header] = value
            continue
        if not value:
            continue
        table = mapping.values.get(target)
        if table and value in table:
            value = table[value]
        m = _EMPLOYMENT_TARGET.match(target)
        try:
            if m:
                index, name = int(m.group(1)), m.group(2)
                if name in _EMPLOYMENT_DATE_TARGETS:
                    value = _date_value(value, target, mapping.date_order)
                employment.setdefault(index, {})[name] = value
            elif target.startswith("extra."):
                extra[target[len("extra."):]] = value
            else:
                if target in _DATE_TARGETS:
                    value = _date_value(value, target, mapping.date_order)
                data[target] = value
        except ValueError as e:
            problems.append(str(e))
    if problems:
        raise ValueError("; ".join(problems))
    if employment:
        data["employment"] = [employment[i] for i in sorted(employment)]
    data.update({k: v for k, v in extra.items() if k not in data})
    return data


def _read_text(path: Path, encoding: str) -> str:
    try:
        size = path.stat().st_size
    except OSError as e:
        raise InputError(f"Cannot read {path.name}: {e.strerror or e}") from e
    if size > MAX_CSV_BYTES:
        raise InputError(f"{path.name} is {size // (1024 * 1024)} MB; the limit is {MAX_CSV_BYTES // (1024 * 1024)} MB")
    try:
        raw = path.read_bytes()
    except OSError as e:
        raise InputError(f"Cannot read {path.name}: {e.strerror or e}") from e
    if b"\x00" in raw[:4096] and not encoding.lower().startswith("utf-16"):
        raise InputError(f"{path.name} looks binary or UTF-16; export as CSV UTF-8 or set encoding in the mapping")
    try:
        text = raw.decode(encoding)
    except UnicodeDecodeError as e:
        raise InputError(f"{path.name} is not {encoding} text (byte {e.start}); set encoding in the mapping") from e
    if not text.strip():
        raise InputError(f"{path.name} is empty")
    return text


def _merge(base: dict[str, Any], more: dict[str, Any]) -> str | None:
    """Merge a further row of the same case into ``base``; the conflict clause, or None."""
    for key, value in more.items():
        if key in ("employment", "case_number"):
            continue
        if key in base and base[key] != value:
            return f"{key} {value!r} disagrees with an earlier row of the same case ({base[key]!r})"
        base.setdefault(key, value)
    base.setdefault("employment", []).extend(more.get("employment", []))
    return None


def import_records_csv(path: Path, mapping: ColumnMapping | Path | None = None) -> CsvImport:
    """Read every applicant record of a CSV export; all rows or none.

    Args:
        path: The CSV file.
        mapping: A :class:`ColumnMapping`, the path of a mapping JSON file, or None
            for headers that are record field names.

    Returns:
        A :class:`CsvImport` with one record per case.

    Raises:
        CsvImportError: Some rows are bad; its message and ``rows`` list every one.
        InputError: The file or the mapping is unusable as a whole (unreadable, empty,
            no case-number column, duplicate headers).
    """
    if isinstance(mapping, Path):
        mapping = load_column_mapping(mapping)
    mapping = mapping or ColumnMapping()
    text = _read_text(path, mapping.encoding)
    delimiter = mapping.delimiter
    if delimiter is None:
        try:
            delimiter = csv.Sniffer().sniff(text[:8192].split("\n", 1)[0], delimiters=",;\t|").delimiter
        except csv.Error:
            delimiter = ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    try:
        header = next(reader)
    except (StopIteration, csv.Error) as e:
        raise InputError(f"{path.name}: no header row") from e
    header = [h.strip() for h in header]
    dupes = sorted({h for h in header if h and header.count(h) > 1})
    if dupes:
        raise InputError(f"{path.name}: the header repeats {', '.join(repr(d) for d in dupes)}")
    targets: dict[str, str | None] = {}
    for h in header:
        targets[h] = mapping.columns.get(h) if mapping.columns else _identity_target(h)
    if "case_number" not in targets.values():
        wanted = [h for h, t in mapping.columns.items() if t == "case_number"]
        hint = f" (the mapping expects {wanted[0]!r})" if wanted else ""
        raise InputError(f"{path.name}: no case-number column{hint}")
    warnings = tuple(f"column {h!r} ({t}) is not in the file" for h, t in mapping.columns.items() if h not in header)

    errors: list[RowError] = []
    by_case: dict[str, dict[str, Any]] = {}
    first_row: dict[str, int] = {}
    rows = 0
    case_header = next(h for h, t in targets.items() if t == "case_number")
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            break
        except csv.Error as e:
            raise InputError(f"{path.name}: broken CSV near line {reader.line_num}: {e}") from e
        line = reader.line_num
        if not cells or all(not c.strip() for c in cells):
            continue
        rows += 1
        row_dict = dict(zip(header, cells, strict=False))
        case = (row_dict.get(case_header) or "").strip() or None
        if len(cells) > len(header):
            errors.append(RowError(line, case, f"{len(cells)} cells but {len(header)} headers"))
            continue
        try:
            data = _row_to_dict(row_dict, mapping, targets)
        except ValueError as e:
            errors.append(RowError(line, case, str(e)))
            continue
        try:
            parse_record(data, "row")
        except InputError as e:
            errors.append(RowError(line, case, str(e).removeprefix("row: ").removeprefix("row ")))
            continue
        assert case is not None  # parse_record requires it
        if case in by_case:
            if mapping.rows == "one_per_case":
                errors.append(RowError(line, case, f"case {case} already on row {first_row[case]}"))
                continue
            conflict = _merge(by_case[case], data)
            if conflict:
                errors.append(RowError(line, case, conflict))
            continue
        by_case[case] = data
        first_row[case] = line
    if rows == 0:
        raise InputError(f"{path.name} has a header but no rows")
    if errors:
        raise CsvImportError(path.name, rows, errors)
    records = tuple(parse_record(d, f"{path.name} row {first_row[c]}") for c, d in by_case.items())
    log.info("imported %s records from %s rows", len(records), rows)
    return CsvImport(records=records, rows=rows, warnings=warnings)
