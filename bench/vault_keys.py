"""Cost of the public-key vault: CPU time (user+sys) of the key lifecycle and of sealing and opening.

Run: ``python -m bench.vault_keys [--records N]``. CPU time, not wall time: the desk machine is shared.
"""

from __future__ import annotations

import argparse
import os
import tempfile
from pathlib import Path

from workstation.audit import cases as case_repo
from workstation.audit.engine import session_scope
from workstation.config import WorkstationConfig
from workstation.records.model import parse_record
from workstation.service import Workstation

PASSWORD = "SPECIMEN-pass-2026"
RECORD = {"case_number": "SPECIMEN-0", "surname": "SPECIMEN", "given_names": "TEST PERSON",
          "date_of_birth": "1988-03-21", "passport_number": "P01234567"}


def _cpu() -> float:
    t = os.times()
    return t.user + t.system


def main(argv: list[str] | None = None) -> int:
    """Print one line per measured step."""
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--records", type=int, default=1000)
    args = ap.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        ws = Workstation(WorkstationConfig.from_env(data_dir=Path(tmp)))
        steps: list[tuple[str, float]] = []

        def step(name: str, fn: object) -> object:
            c0 = _cpu()
            out = fn() if callable(fn) else None
            steps.append((name, _cpu() - c0))
            return out

        admin = step("first administrator (hash + key pair + wrap)",
                     lambda: ws.create_first_administrator("admin", PASSWORD))
        step("create a user (hash + wrap)", lambda: ws.create_user(admin, "off1", "officer", PASSWORD))

        def seal() -> None:
            with session_scope(ws.sessions) as s:
                for i in range(args.records):
                    case_repo.upsert_case(s, parse_record({**RECORD, "case_number": f"SPECIMEN-{i:05d}"}), ws.vault)

        step(f"seal {args.records} records (incl. SQL)", seal)
        ws.logout(admin)  # type: ignore[arg-type]
        step("login (hash check + key unwrap)", lambda: ws.login("off1", PASSWORD))
        step(f"list_cases: open {args.records} records (incl. SQL)", ws.list_cases)
        refs = step("put 50 x 200 kB", lambda: [ws.vault.put(os.urandom(200_000)) for _ in range(50)])
        step("get 50 x 200 kB", lambda: [ws.vault.get(r.blob_id) for r in refs])  # type: ignore[union-attr]
        ws.close()
    for name, sec in steps:
        print(f"{name:55s} {sec:7.3f} s CPU")
    print(f"load average {os.getloadavg()[0]:.1f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
