"""The applicant record (ARCHITECTURE.md 4.1) and its import from JSON and CSV."""

from workstation.records.csv_import import CsvImportError, import_records_csv, load_column_mapping
from workstation.records.model import ApplicantRecord, EmploymentPeriod, load_records_json, parse_record

__all__ = [
    "ApplicantRecord",
    "CsvImportError",
    "EmploymentPeriod",
    "import_records_csv",
    "load_column_mapping",
    "load_records_json",
    "parse_record",
]
