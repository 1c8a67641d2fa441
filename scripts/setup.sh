#!/usr/bin/env bash
# Set up the workstation on a fresh Debian/Ubuntu machine, then run it or test it.
#
#   bash scripts/setup.sh run    install everything, open the workstation on a local SQLite
#                                database with the synthetic SPECIMEN demo case
#   bash scripts/setup.sh test   install everything (plus a throwaway PostgreSQL for the
#                                multi-desk tests) and run the whole test suite
#
# Safe to run again: it installs only what is missing.
set -euo pipefail

mode="${1:-}"
case "$mode" in
  run|test) ;;
  *) echo "usage: bash scripts/setup.sh run|test" >&2; exit 2 ;;
esac

here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$here"

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi

# System packages: Tesseract 5 with English, Dari (fas), Pashto (pus) and orientation data;
# the OCR-B font of the MRZ and fonts for the synthetic documents; the libraries the Qt xcb
# plugin needs; Xvfb for tests without a screen; poppler-utils to look at PDF reports; SANE's
# test backend for scanner tests; PostgreSQL for the multi-desk audit tests; the reference
# BLAS/LAPACK the desk bundle carries instead of OpenBLAS (tests/core/installer/test_slim.py).
APT_RUNTIME=(
  tesseract-ocr tesseract-ocr-eng tesseract-ocr-fas tesseract-ocr-pus tesseract-ocr-osd
  libtesseract-dev libleptonica-dev pkg-config
  fonts-ocr-b fonts-dejavu-core fonts-noto-core fonts-liberation fonts-freefont-ttf
  fonts-hosny-amiri fonts-farsiweb fonts-dkg-handwriting fonts-femkeklaver
  libgl1 libegl1 libfontconfig1 libdbus-1-3 libxkbcommon-x11-0 libxcb-cursor0 libxcb-icccm4
  libxcb-image0 libxcb-keysyms1 libxcb-randr0 libxcb-render-util0 libxcb-shape0
  libxcb-xinerama0 libxcb-xkb1 libx11-xcb1
  python3-venv python3-dev build-essential icu-devtools
)
APT_TEST=(xvfb xauth poppler-utils sane-utils libsane1 postgresql strace libblas64-dev liblapack64-dev)

want=("${APT_RUNTIME[@]}")
if [ "$mode" = test ]; then want+=("${APT_TEST[@]}"); fi
missing=()
for p in "${want[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ "${#missing[@]}" -gt 0 ]; then
  echo "==> installing system packages: ${missing[*]}"
  apt_log="$(mktemp -t workstation-apt.XXXXXX)"
  if ! { $SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq \
        --no-install-recommends "${missing[@]}"; } >"$apt_log" 2>&1; then
    tail -n 30 "$apt_log" >&2
    echo "Installing system packages failed (full log: $apt_log)." >&2
    exit 1
  fi
fi

# Python environment: a private virtual environment in .venv with the package installed editable.
PY="${PYTHON:-python3}"
if [ ! -x .venv/bin/python ]; then
  echo "==> creating .venv with $($PY --version)"
  "$PY" -m venv .venv
fi
.venv/bin/python -m pip install -q --upgrade pip
extras="fast"
if [ "$mode" = test ]; then extras="fast,dev"; fi
echo "==> installing the workstation (.[${extras}])"
.venv/bin/python -m pip install -q -e ".[${extras}]"

export OMP_THREAD_LIMIT=1

if [ "$mode" = run ]; then
  if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ] && [ -z "${QT_QPA_PLATFORM:-}" ]; then
    echo "No display found: run this from the desktop session (or set QT_QPA_PLATFORM=offscreen)." >&2
    exit 1
  fi
  .venv/bin/workstation doctor || echo "(doctor reported problems above; the workstation opens anyway)"
  exec .venv/bin/workstation-gui --demo
fi

# --- test ---------------------------------------------------------------------------------
echo "==> starting a throwaway PostgreSQL on 127.0.0.1 for the multi-desk tests"
pg_env="$(mktemp -t workstation-pg-env.XXXXXX)"
$SUDO bash scripts/ci_postgres.sh "$pg_env"
# shellcheck disable=SC1090
. "$pg_env"
export WORKSTATION_REQUIRE_PG=1
trap '"${WORKSTATION_TEST_PG_CTL:-true}" stop -m fast >/dev/null 2>&1 || true' EXIT

echo "==> ruff"
.venv/bin/ruff check workstation ui tests bench
echo "==> mypy (strict, workstation/)"
.venv/bin/mypy
echo "==> import-linter (workstation never imports Qt or ui)"
.venv/bin/lint-imports
echo "==> pytest"
unset QT_QPA_PLATFORM
xvfb-run -a -s "-screen 0 1600x1000x24" .venv/bin/python -m pytest "${@:2}"
