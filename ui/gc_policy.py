"""Keep Python's cyclic garbage collector from stalling the GUI thread.

After start-up the process holds about 100,000 container objects (Qt bindings, SQLAlchemy,
numpy, the readers' tables) that live as long as the window. A full (generation 2)
collection walks all of them while holding the GIL, whichever thread triggers it; measured
on this desk, 80-200 ms, the longest GUI stalls seen while a document was read
(bench/gui.py). ``gc.freeze()`` moves the objects alive at that point into the permanent
generation, which collections skip; objects made later (readings, database rows) are
still collected, and frozen objects are still freed by reference counting.
"""

from __future__ import annotations

import gc


def freeze_start_up_objects() -> None:
    """Freeze everything alive now.

    Call once, when start-up has imported what the desk uses (the reader warm-up). Freezing
    is constant-time; collecting first would itself pause the GUI thread (measured 40 ms).
    Cyclic garbage alive at that moment stays allocated: a little memory, once, instead of a
    full collection's pause on the GUI thread for every later document.
    """
    gc.freeze()  # (gc.get_freeze_count() would walk every frozen object: 35 ms measured)
