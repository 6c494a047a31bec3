"""Measuring in benchmarks: the median time and the peak resident memory of a function's runs, in this process.

:func:`timed` measures in the calling process, where later runs reuse heap that earlier ones grew (their peaks are
understated). :func:`measured` is for a child process that runs one engine only: it reports the working memory
(peak resident set above the level when it is called, i.e. after the data were loaded) and the process's total
peak (``VmHWM``, loading included).
"""

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


def measured(fn: Callable[[], Any], repeat: int, warmup: int = 1) -> tuple[dict[str, Any], Any]:
    """Median wall and CPU seconds of `repeat` runs after `warmup`, working and total peak memory (MiB), last result.

    Working memory is the peak resident set during all runs (warm-ups included) above the resident set at the call;
    call it once per process, after loading the data, so every engine starts from its own loaded state.
    """
    times, cpu, out = [], [], None
    with PeakRss() as mem:
        for _ in range(warmup):
            fn()
        for _ in range(repeat):
            t, c = time.perf_counter(), time.process_time()
            out = fn()
            times.append(time.perf_counter() - t)
            cpu.append(time.process_time() - c)
    # VmHWM, not ru_maxrss: a child's ru_maxrss starts at its parent's peak when forked.
    status = Path("/proc/self/status").read_text().split("\n")
    total = next(int(line.split()[1]) for line in status if line.startswith("VmHWM:")) / 1024  # kB
    figures = {
        "median": statistics.median(times),
        "times": times,
        "cpu": statistics.median(cpu),  # all threads' CPU seconds: less moved by other load than wall time
        "working_mib": mem.mib,
        "loaded_mib": mem.base / 2**20,
        "total_peak_mib": max(total, mem.peak / 2**20),
    }
    return figures, out
