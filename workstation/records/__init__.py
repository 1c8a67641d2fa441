"""The applicant record (ARCHITECTURE.md 4.1) and its import from JSON and CSV."""

from workstation.records.model import ApplicantRecord, EmploymentPeriod, load_records_json, parse_record

__all__ = ["ApplicantRecord", "EmploymentPeriod", "load_records_json", "parse_record"]
