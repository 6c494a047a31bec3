"""The order of the "Needs attention" list: a documented, configurable rule.

The default :class:`RankingRule` sorts by, in turn:

1. severity: ``act`` before ``watch``;
2. overdue (due at or before ``now``) before not yet due;
3. due instant, earliest first; items without a due time (standing risks) last;
4. kind, in :data:`~teamcore.report.KINDS` order;
5. then section, key, actor, table and row, so that the order is total: the same items and ``now`` always give
   the same list, whatever order the sections produced them in.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Final, cast

import attrs

from teamcore._time import as_utc
from teamcore._validators import check_bool, instance_tuple
from teamcore.exceptions import InvalidValue, WrongType
from teamcore.report._attention import KINDS, AttentionItem, AttentionKind, AttentionSeverity

__all__ = ["DEFAULT_RANKING", "RankingRule", "rank"]

_LATEST: Final = dt.datetime.max.replace(tzinfo=dt.UTC)


def _severities(value: Iterable[AttentionSeverity]) -> tuple[AttentionSeverity, ...]:
    names = instance_tuple(value, "severity_order", str, "'act' or 'watch'")
    order = cast("tuple[AttentionSeverity, ...]", names)
    if sorted(order) != ["act", "watch"]:
        raise InvalidValue("severity_order", order, "'act' and 'watch', each once")
    return order


def _kinds(value: Iterable[AttentionKind]) -> tuple[AttentionKind, ...]:
    order = cast("tuple[AttentionKind, ...]", instance_tuple(value, "kind_order", str, "a kind of KINDS"))
    if sorted(order) != sorted(KINDS):
        raise InvalidValue("kind_order", order, f"every kind once: {sorted(KINDS)}")
    return order


def _overdue_first(value: object) -> bool:
    return check_bool(value, "overdue_first")


@attrs.frozen(kw_only=True)
class RankingRule:
    """How the attention list is ordered.

    Parameters
    ----------
    severity_order
        Severities, first ranked first (default ``("act", "watch")``).
    overdue_first
        Rank overdue items before those not yet due, within a severity (default ``True``); ``False`` orders by
        due time alone.
    kind_order
        Every kind once, first ranked first among items otherwise equal (default :data:`KINDS`).

    Raises
    ------
    InvalidValue
        If an order leaves out or repeats a severity or kind.
    WrongType
        If an order is not a list of names, or `overdue_first` not true or false.

    Examples
    --------
    >>> rule = RankingRule(severity_order=("watch", "act"))
    >>> rule.severity_order
    ('watch', 'act')
    """

    severity_order: tuple[AttentionSeverity, ...] = attrs.field(default=("act", "watch"), converter=_severities)
    overdue_first: bool = attrs.field(default=True, converter=_overdue_first)
    kind_order: tuple[AttentionKind, ...] = attrs.field(default=KINDS, converter=_kinds)

    def sort_key(self, item: AttentionItem, now: dt.datetime) -> tuple[object, ...]:
        """The key `item` sorts by as of `now`: see the module documentation."""
        return (
            self.severity_order.index(item.severity),
            0 if self.overdue_first and item.overdue(now) else 1,
            item.due or _LATEST,
            self.kind_order.index(item.kind),
            item.section,
            item.key,
            item.actor.member or "",
            item.actor.role,
            item.table,
            item.row,
            item.what,
        )


DEFAULT_RANKING: Final = RankingRule()
"""Severity, then overdue first, then due time, then kind (see :class:`RankingRule`)."""


def rank(
    items: Iterable[AttentionItem], now: dt.datetime, rule: RankingRule = DEFAULT_RANKING
) -> tuple[AttentionItem, ...]:
    """The items in `rule`'s order as of `now`; no items give an empty list.

    Raises
    ------
    WrongType
        If an item is not an :class:`~teamcore.report.AttentionItem`, or `rule` not a :class:`RankingRule`.
    NaiveDatetime
        If `now` is naive.

    Examples
    --------
    >>> rank([], dt.datetime(2026, 11, 23, tzinfo=dt.UTC))
    ()
    """
    checked = instance_tuple(items, "items", AttentionItem, "AttentionItem values")
    if not isinstance(rule, RankingRule):
        raise WrongType("rule", rule, "a RankingRule")
    when = as_utc(now, "now")
    return tuple(sorted(checked, key=lambda item: rule.sort_key(item, when)))
