"""Migration scripts, one per schema revision (never edit one that was released; add a new one)."""
