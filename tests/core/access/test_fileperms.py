"""Files 0600 and folders 0700 under the data folder: found, reported, and tightened on request."""

from __future__ import annotations

import os
from pathlib import Path

from workstation.security.fileperms import check_private_tree


def test_loose_files_and_folders_are_reported_then_fixed(tmp_path: Path) -> None:
    root = tmp_path / "data"
    root.mkdir(mode=0o700)
    (root / "logs").mkdir(mode=0o755)
    os.chmod(root / "logs", 0o755)
    f = root / "logs" / "workstation.log"
    f.write_text("x")
    os.chmod(f, 0o644)
    ok = root / "audit.sqlite3"
    ok.write_bytes(b"")
    os.chmod(ok, 0o600)
    problems = check_private_tree(root)
    assert problems == ["logs is 0755, should be 0700", "logs/workstation.log is 0644, should be 0600"]
    assert check_private_tree(root, fix=True) == []
    assert check_private_tree(root) == []
    assert oct(f.stat().st_mode & 0o777) == "0o600"
