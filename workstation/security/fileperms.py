"""Files 0600, folders 0700 under the data folder: checked (and optionally repaired) at start-up.

Called by the desktop app before it opens the database and by ``workstation doctor``.
"""

from __future__ import annotations

import logging
import os
import stat
from pathlib import Path

log = logging.getLogger(__name__)


def check_private_tree(root: Path, *, fix: bool = False) -> list[str]:
    """Every file under ``root`` readable by others than the owner (not 0600) and every folder not 0700.

    Args:
        root: The data folder.
        fix: Tighten what is too open (and report nothing for what was fixed).

    Returns:
        One line per problem (paths relative to ``root``); empty when everything is private.
    """
    if os.name != "posix" or not root.exists():
        return []
    problems: list[str] = []
    for path in [root, *root.rglob("*")]:
        try:
            st = path.lstat()
        except OSError:
            continue  # removed meanwhile (a -journal file)
        if stat.S_ISLNK(st.st_mode):
            continue
        want = 0o700 if stat.S_ISDIR(st.st_mode) else 0o600
        mode = stat.S_IMODE(st.st_mode)
        if mode & ~want & 0o777 or (stat.S_ISDIR(st.st_mode) and mode != 0o700):
            if fix:
                try:
                    path.chmod(want)
                    log.warning("tightened the permissions of a file in the data folder to %04o", want)
                    continue
                except OSError:
                    pass
            rel = path.relative_to(root) if path != root else Path(".")
            problems.append(f"{rel} is {mode:04o}, should be {want:04o}")
    return problems
