#!/usr/bin/env bash
# Smoke test of the Linux desk bundle (issue 10), as CI runs it:
#   bash installer/smoke_test.sh            builds dist/rsc-workstation (installer/build.sh), then checks it
#   WORKSTATION_BUNDLE=dist/rsc-workstation bash installer/smoke_test.sh    checks a bundle already built
# With PATH set to an empty folder (no system Tesseract), the bundle reads a SPECIMEN passport
# (kind passport, valid TD3 MRZ, the generator's MRZ lines, language data opened from the bundle
# only), `workstation doctor` reports the bundled OCR engine and Qt as OK, and `workstation-gui
# --demo` starts offscreen and saves a screenshot within 3 s; `workstation verify` checks a case and
# its PDF report renders; libpq completes a TLS handshake; the bundle is at most 300 MB.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
[ -x .venv/bin/python ] || { echo "run 'bash scripts/setup.sh test' first (needs .venv)" >&2; exit 1; }
# test_slim.py again after the build, which installed what its reference BLAS/LAPACK check needs.
WORKSTATION_RUN_SMOKE=1 exec .venv/bin/python -m pytest -q -s -p no:cacheprovider \
  tests/core/installer/test_smoke_bundle.py tests/core/installer/test_slim.py "$@"
