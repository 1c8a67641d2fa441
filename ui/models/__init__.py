"""Table models over plain row dataclasses."""
