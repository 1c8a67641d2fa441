"""Deterministic generator of synthetic documents with ground truth (every output marked SPECIMEN).

See ``tests/synth/README.md`` for the API, the CLI and the truth JSON keys.
"""
