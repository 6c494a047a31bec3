"""Pausing the cyclic garbage collector while a batch builds many small objects that hold no cycles.

The feedback engine makes an :class:`~teamcore.feedback.Obligation` per feedback item, 1:1 slot and quarter: some
900,000 frozen objects for 60,000 members, beside the log they come from. CPython's collector runs a full pass over
every live object each time the long-lived ones grow by a quarter, so building them cost a quarter of the engine's
time in passes that find nothing (the objects are tuples, strings, dates and frozen attrs instances: no cycles).
:func:`collector_paused` turns the collector off for such a build and back on after it, only if it was on: nested
uses and a caller's own ``gc.disable()`` are left as they were. Reference counting still frees everything that is
not in a cycle at once; a cycle made meanwhile is collected by the first pass after.
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator

__all__ = ["collector_paused"]


@contextlib.contextmanager
def collector_paused() -> Iterator[None]:
    """Disable the cyclic garbage collector inside the block; re-enable it after, if it was enabled before.

    Examples
    --------
    >>> with collector_paused():
    ...     gc.isenabled()
    False
    >>> gc.isenabled()
    True
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
