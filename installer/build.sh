#!/usr/bin/env bash
# Build the Linux one-folder bundle and its tarball from a clean checkout.
#   bash installer/build.sh            -> dist/rsc-workstation/ and dist/rsc-workstation-<version>-linux-x86_64.tar.gz
# Needs the development environment (bash scripts/setup.sh test, or at least .venv with .[fast]).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
PY=.venv/bin/python
if [ ! -x "$PY" ]; then echo "run 'bash scripts/setup.sh test' first (needs .venv)" >&2; exit 1; fi
"$PY" -m pip install -q -e ".[fast,installer]"
# The reference BLAS/LAPACK that replaces numpy's OpenBLAS in the bundle (installer/slim.py).
blas_pkgs=(libblas64-dev liblapack64-dev)
missing=()
for p in "${blas_pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ "${#missing[@]}" -gt 0 ]; then
  if [ "$(id -u)" -eq 0 ]; then
    { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"; } \
      >/dev/null || { echo "installing ${missing[*]} failed" >&2; exit 1; }
  else
    echo "missing ${missing[*]}: sudo apt-get install ${missing[*]}" >&2; exit 1
  fi
fi
for lang in eng fas pus osd; do
  [ -f "/usr/share/tesseract-ocr/5/tessdata/$lang.traineddata" ] || { echo "missing tessdata: $lang" >&2; exit 1; }
done
version="$("$PY" -c 'import workstation; print(workstation.__version__)')"
rm -rf build/pyinstaller dist/rsc-workstation
"$PY" -m PyInstaller --noconfirm --clean --log-level WARN \
  --workpath build/pyinstaller --distpath dist installer/workstation.spec
# One program under two names (launch.py picks the desktop app by the name it was started under).
ln -sfn workstation dist/rsc-workstation/workstation-gui
# Replace libraries that are linked but never called, and trim ICU data (see installer/slim.py).
[ "${WORKSTATION_NO_SLIM:-}" = 1 ] || "$PY" installer/slim.py dist/rsc-workstation
# Desktop entry and icon for the Linux install.
install -m 0644 installer/linux/rsc-workstation.desktop dist/rsc-workstation/
install -m 0644 resources/icons/workstation.png dist/rsc-workstation/rsc-workstation.png
install -m 0755 installer/linux/install.sh dist/rsc-workstation/
tar -C dist -czf "dist/rsc-workstation-${version}-linux-x86_64.tar.gz" rsc-workstation
du -sh dist/rsc-workstation
echo "built dist/rsc-workstation-${version}-linux-x86_64.tar.gz"
