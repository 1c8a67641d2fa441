#!/usr/bin/env bash
# Install (or upgrade) the unpacked bundle system-wide: run as root from the unpacked folder.
#   sudo ./install.sh            installs to /opt/rsc-workstation with a menu entry
#   sudo ./install.sh --remove   removes the program; every user's data folder and audit database stay
set -euo pipefail
src="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
dest=/opt/rsc-workstation
if [ "${1:-}" = "--remove" ]; then
  rm -rf "$dest" /usr/share/applications/rsc-workstation.desktop /usr/share/icons/hicolor/256x256/apps/rsc-workstation.png
  echo "Removed the program. Data folders (~/.local/share/rsc-workstation) and audit databases were kept."
  exit 0
fi
rm -rf "$dest.new"
cp -a "$src" "$dest.new"
rm -rf "$dest"
mv "$dest.new" "$dest"
install -D -m 0644 "$dest/rsc-workstation.desktop" /usr/share/applications/rsc-workstation.desktop
install -D -m 0644 "$dest/rsc-workstation.png" /usr/share/icons/hicolor/256x256/apps/rsc-workstation.png
ln -sf "$dest/workstation" /usr/local/bin/workstation
echo "Installed to $dest. The database is upgraded on first start; the audit trail is kept."
