"""Matching-layer benchmark: name rates on the benign/mismatch tables and time per comparison.

    .venv/bin/python -m bench.matching

Tables: tests/core/matching/name_tables.py (SPECIMEN names: every spelling variant as given
name and surname, variant-against-variant pairs, structural cases; every pair of 100 different
given names and 30 surnames). Also every pair of the 380-name lexicon
(workstation/matching/_lexicon.py) and the Dari dictionary against it.
"""

from __future__ import annotations

import itertools
import statistics
import time
from collections import Counter

from tests.core.matching.name_tables import HELDOUT_BENIGN, HELDOUT_MISMATCH, benign_pairs, mismatch_pairs
from workstation.matching._lexicon import GIVEN_NAMES, SURNAMES
from workstation.matching.dates import compare_dates, parse_date_text
from workstation.matching.identifiers import compare_identifier
from workstation.matching.names import _DARI_NAMES, compare_name_parts, compare_names, name_tokens


def _timed(fn: object, args_list: list[tuple[object, ...]]) -> tuple[list[object], float]:
    out = []
    t0 = time.perf_counter()
    for args in args_list:
        out.append(fn(*args))  # type: ignore[operator]
    return out, (time.perf_counter() - t0) / max(len(args_list), 1)


def main() -> None:
    benign = benign_pairs()
    mismatch = mismatch_pairs()
    b_res, b_t = _timed(compare_names, benign)
    m_res, m_t = _timed(compare_names, mismatch)
    b = Counter(r.status for r in b_res)  # type: ignore[attr-defined]
    m = Counter(r.status for r in m_res)  # type: ignore[attr-defined]
    print(f"benign name pairs:   {len(benign):5d}  pass {b['pass']}  review {b['review']}  fail {b['fail']}"
          f"  (false fails {b['fail'] / len(benign):.2%}, reviews {b['review'] / len(benign):.2%})")
    print(f"mismatch name pairs: {len(mismatch):5d}  fail {m['fail']}  review {m['review']}  pass {m['pass']}"
          f"  (recall as fail {m['fail'] / len(mismatch):.2%}, false passes {m['pass'] / len(mismatch):.2%})")
    hb = Counter(compare_names(x, None, y, None).status for x, y in HELDOUT_BENIGN)
    hm = Counter(compare_names(x, None, y, None).status for x, y in HELDOUT_MISMATCH)
    print(f"held-out benign:      {len(HELDOUT_BENIGN):5d}  pass {hb['pass']}  review {hb['review']}  fail {hb['fail']}")
    print(f"held-out mismatch:    {len(HELDOUT_MISMATCH):5d}  fail {hm['fail']}  review {hm['review']}  pass {hm['pass']}")
    words = sorted({*GIVEN_NAMES, *SURNAMES})
    passes = [(a, b2) for a, b2 in itertools.combinations(words, 2)
              if compare_name_parts("".join(name_tokens(a)), "".join(name_tokens(b2))).status == "pass"]
    n_pairs = len(words) * (len(words) - 1) // 2
    print(f"lexicon pairs:       {n_pairs:5d}  pass {len(passes)} ({', '.join('/'.join(p) for p in passes)})")
    wrong = 0
    total = 0
    for dari, latin in _DARI_NAMES.items():
        joined = "".join(name_tokens(latin))
        for w in words:
            total += 1
            wrong += (compare_name_parts(joined, w).status == "pass") != (compare_name_parts(dari, w).status == "pass")
    print(f"Dari x Latin pairs:  {total:5d}  disagreements with the Latin family decision: {wrong}")
    print(f"time per compare_names: mean {statistics.fmean([b_t, m_t]) * 1e3:.3f} ms")
    dates = ["05/03/2010", "March 5, 2010", "۹ عقرب ۱۴۰۲", "1367/01/01", "XX.XX.1980"] * 200
    _, d_t = _timed(parse_date_text, [(d,) for d in dates])
    _, c_t = _timed(compare_dates, [("1988-03-21", d) for d in dates])
    _, i_t = _timed(lambda e, f: compare_identifier(e, f, check_digit_verified=False, ocr_confidence=0.5),
                    [("P01234567", "PO1234567")] * 1000)
    print(f"time per parse_date_text {d_t * 1e3:.3f} ms, compare_dates {c_t * 1e3:.3f} ms, "
          f"compare_identifier {i_t * 1e3:.3f} ms")


if __name__ == "__main__":
    main()
