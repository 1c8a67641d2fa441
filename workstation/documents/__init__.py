"""Documents: classification, the MRZ, and the field readers of each document kind."""

from __future__ import annotations
