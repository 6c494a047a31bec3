"""Measuring in benchmarks: the median time and the peak resident memory of a function's runs, in this process."""

from __future__ import annotations

import os
import statistics
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any


class PeakRss:
    """Sample this process's resident memory every 5 ms; report the peak above the level at start."""

    def __init__(self) -> None:
        self.page = os.sysconf("SC_PAGE_SIZE")

    def rss(self) -> int:
        return int(Path("/proc/self/statm").read_text().split()[1]) * self.page

    def __enter__(self) -> PeakRss:
        self.base = self.peak = self.rss()
        self.stop = False
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()
        return self

    def _run(self) -> None:
        while not self.stop:
            self.peak = max(self.peak, self.rss())
            time.sleep(0.005)

    def __exit__(self, *exc: object) -> None:
        self.stop = True
        self.thread.join()
        self.peak = max(self.peak, self.rss())

    @property
    def mib(self) -> float:
        return (self.peak - self.base) / 2**20


def timed(fn: Callable[[], Any], repeat: int, warmup: int = 0) -> tuple[float, float, Any]:
    """Median seconds and peak MiB of `repeat` runs, after `warmup` untimed ones.

    An engine's first run in a process pays for growing the allocator's heap (up to 1.5x the later runs at 10 M
    tickets, whichever engine goes first), so the scorecard warms each engine up before timing it.
    """
    for _ in range(warmup):
        fn()
    times, peaks, out = [], [], None
    for _ in range(repeat):
        with PeakRss() as mem:
            t = time.perf_counter()
            out = fn()
            times.append(time.perf_counter() - t)
        peaks.append(mem.mib)
    return statistics.median(times), max(peaks), out
