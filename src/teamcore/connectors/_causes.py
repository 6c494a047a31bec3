"""The causes of the differences: each vendor value tried against the alternative rules, fewest changes first.

A row the plain comparison does not settle (equal values, whole-minute rounding) is recomputed under each rule of
:data:`~teamcore.connectors._rules.RULES` for its metric and, for business minutes, on each alternative
schedule clock; the first combination (fewest changed rules first) that reproduces the vendor's number within the
tolerance is its cause. A row no rule reproduces is ``unexplained`` (with the closest rule tried), or ``flagged``
when the import flagged its ticket.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import polars as pl

from teamcore.connectors._clocks import Clock, business_clocks, durations_in_minutes, event_moments
from teamcore.connectors._reconciliation import fmt_minutes
from teamcore.connectors._rules import METRIC_DURATIONS, RULES, Rule, column, datasets
from teamcore.connectors._schedules import Schedules

__all__ = ["explain_all"]


def explain_all(
    *,
    flags: Mapping[str, Sequence[str]],
    rest: pl.DataFrame,
    tickets: pl.DataFrame,
    events: pl.DataFrame,
    book: Schedules | None,
    window: tuple[dt.datetime, dt.datetime] | None,
    comments: pl.DataFrame | None,
    tolerance: float,
) -> pl.DataFrame:
    """The rows no plain case settles, each tried against the alternative rules (only their tickets recomputed)."""
    if not rest.height:
        return rest.with_columns(pl.lit(None, pl.String).alias("explanation"))
    needed = rest["ticket_id"].unique().implode()
    subset = tickets.filter(pl.col("ticket_id").is_in(needed))
    sub_events = events.filter(pl.col("ticket_id").is_in(needed))
    clocks: list[Clock] = []
    if book is not None and window is not None:
        clocks = business_clocks(book, subset, *window, event_moments(sub_events))
    rewritten = datasets(subset, sub_events, comments)
    cache: dict[tuple[str, int | None], dict[str, dict[str, float | None]]] = {}

    def values(dataset: str, clock: int | None) -> dict[str, dict[str, float | None]]:
        if (dataset, clock) not in cache:
            t, e = rewritten[dataset]
            frame = durations_in_minutes(t, e, None if clock is None else clocks[clock])
            cache[dataset, clock] = {row["ticket_id"]: row for row in frame.iter_rows(named=True)}
        return cache[dataset, clock]

    causes, texts = [], []
    for row in rest.iter_rows(named=True):
        clock_ids: list[int | None] = [None] if row["basis"] == "calendar" else list(range(len(clocks)))
        found = _explain(
            ticket=row["ticket_id"],
            metric=row["metric"],
            theirs=row["minutes"],
            ours=row["ours"],
            clock_ids=clock_ids,
            clocks=clocks,
            values=values,
            tolerance=tolerance,
        )
        doubts = flags.get(row["ticket_id"])
        if found["cause"] == "unexplained" and doubts:
            found = {"cause": "flagged", "explanation": found["explanation"] + "; the import flagged the ticket: "
                     + "; ".join(doubts)}  # fmt: skip
        causes.append(found["cause"])
        texts.append(found["explanation"])
    return rest.with_columns(
        pl.Series("cause", causes, dtype=pl.String), pl.Series("explanation", texts, dtype=pl.String)
    )


def _same(vendor: float | None, ours: float | None, tolerance: float) -> bool:
    if vendor is None or ours is None:
        return vendor is None and ours is None
    return abs(vendor - ours) <= tolerance


def _row(ours: float | None, theirs: float | None, cause: str, explanation: str) -> dict[str, Any]:
    difference = None if ours is None or theirs is None else round(theirs - ours, 6)
    return {"teamcore_minutes": ours, "difference": difference, "cause": cause, "explanation": explanation}


def _explain(
    *,
    ticket: str,
    metric: str,
    theirs: float | None,
    ours: float | None,
    clock_ids: Sequence[int | None],
    clocks: Sequence[Clock],
    values: Callable[[str, int | None], dict[str, dict[str, float | None]]],
    tolerance: float,
) -> dict[str, Any]:
    """The first alternative (fewest changed rules first) that gives the vendor's number within `tolerance`."""
    own = Rule(cause="", says="", dataset="base", value=column(METRIC_DURATIONS[metric]))
    rules = (own, *RULES[metric])
    tried: list[tuple[int, int | None, Rule]] = []
    for clock, rule in itertools.product(clock_ids, rules):
        scope = None if clock is None else clocks[clock].metrics
        if scope is not None and metric not in scope:
            continue
        changed = int(rule is not own) + int(clock is not None and clocks[clock].cause != "")
        if changed:
            tried.append((changed, clock, rule))
    tried.sort(key=lambda item: item[0])
    closest: tuple[float, str, float | None] | None = None
    for _changed, clock, rule in tried:
        frame_values = values(rule.dataset, clock).get(ticket)
        candidate = _evaluate(rule, frame_values)
        if _same(theirs, candidate, tolerance):
            causes = [c for c in ((clocks[clock].cause if clock is not None else ""), rule.cause) if c]
            says = [s for s in ((clocks[clock].says if clock is not None else ""), rule.says) if s]
            text = "; ".join(says) + f": {fmt_minutes(candidate)} min under that rule"
            return _row(ours, theirs, "+".join(causes), text)
        if theirs is not None and candidate is not None and not _same(candidate, ours, 1e-9):
            gap = abs(theirs - candidate)
            if closest is None or gap < closest[0]:
                said = "; ".join(x for x in ((clocks[clock].says if clock is not None else ""), rule.says) if x)
                closest = (gap, said, candidate)
    hint = f"; the closest rule tried: {closest[1]} ({fmt_minutes(closest[2])} min)" if closest else ""
    return _row(ours, theirs, "unexplained", f"no rule reproduces the vendor's number within {tolerance:g} min{hint}")


def _evaluate(rule: Rule, row: Mapping[str, float | None] | None) -> float | None:
    if row is None:
        return None
    value = rule.value(row)
    return None if value is None else round(float(value), 6)
