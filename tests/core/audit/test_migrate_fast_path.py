"""Start-up on a database already at the head does not load Alembic (its import is ~0.3 s CPU per run)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from sqlalchemy import create_engine, text

from workstation.audit.migrate import current_revision, head_revision, scripted_head, upgrade


def test_the_scripts_head_read_without_alembic_is_alembics_head() -> None:
    assert scripted_head() == head_revision()


def test_a_current_database_is_recognised_without_alembic(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'a.db'}"
    engine = create_engine(url)
    upgrade(engine)  # a new database: the full path
    assert current_revision(engine) == head_revision()
    engine.dispose()
    code = ("import sys; from sqlalchemy import create_engine; from workstation.audit.migrate import upgrade; "
            f"upgrade(create_engine({url!r})); print('alembic' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "False"


def test_a_database_behind_the_head_is_still_migrated(tmp_path: Path) -> None:
    engine = create_engine(f"sqlite:///{tmp_path / 'b.db'}")
    upgrade(engine)
    with engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = 'not-a-revision'"))
    # An unknown revision is not the head: the full path runs and reports it.
    try:
        upgrade(engine)
    except Exception as e:  # noqa: BLE001 - any refusal is the full path speaking
        assert "not-a-revision" in str(e) or "revision" in str(e).lower()
    else:
        raise AssertionError("an unknown stored revision was taken for the head")
