"""The officer's desk: intake, document viewer, comparison panel and decision."""
