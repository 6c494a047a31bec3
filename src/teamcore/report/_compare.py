"""Compare a report with an earlier one's JSON: :func:`compare_reports`.

The previous report is read as JSON (a file written by ``teamcore report --json``, or its parsed data), so a
report from last week is compared without its inputs. The current report is turned into the same JSON first, so
both sides are read by one rule:

- **figures** are matched by section key and label. Numbers give ``now - then``; percentages written as text
  (``"79%"``) give the difference in percentage points; any other value is ``changed`` or ``unchanged``; a figure
  only one side has is ``new`` or ``gone``.
- **attention items** are matched by :attr:`~teamcore.report.AttentionItem.identity` (kind, who acts, what
  about): only now is *new*, only then is *resolved*, in both is *still open*.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Final

from teamcore._documents import MAX_FILE_BYTES, parse_text, read_text
from teamcore._time import parse_instant
from teamcore.exceptions import LoadError, Problem, TeamcoreError, WrongType
from teamcore.report._attention import Actor, AttentionItem
from teamcore.report._cell import Cell
from teamcore.report._comparison import Change, FigureDelta, ReportComparison
from teamcore.report._json import REPORT_FORMAT, report_to_dict
from teamcore.report._model import Report
from teamcore.report._status import Rate, Rated

__all__ = ["compare_reports", "load_report_json"]

_PERCENT: Final = re.compile(r"^([+-]?\d+(?:\.\d+)?)%$")
_FAMILY, _, _MAJOR = REPORT_FORMAT.partition("/")


def _problem(source: str, entry: str, field: str, message: str) -> LoadError:
    return LoadError(source, [Problem(source, entry, field, message)])


def _check_report(data: object, source: str) -> dict[str, Any]:
    """`data` if it is a JSON report of this schema major; :class:`LoadError` naming what is wrong."""
    if not isinstance(data, dict):
        raise _problem(source, "", "", f"expected a JSON report (an object with format {REPORT_FORMAT!r})")
    fmt = data.get("format")
    if not isinstance(fmt, str) or not fmt.startswith(_FAMILY + "/"):
        raise _problem(source, "", "format", f"expected a teamcore report, format {REPORT_FORMAT!r}; got {fmt!r}")
    if fmt.partition("/")[2].split(".")[0] != _MAJOR:
        raise _problem(
            source, "", "format", f"expected schema major {_MAJOR} ({REPORT_FORMAT!r}), got {fmt!r}: "
            "write the previous report again with this teamcore, or compare reports of one version"
        )  # fmt: skip
    problems = [
        Problem(source, "", key, f"expected {kind}")
        for key, kind, types in (
            ("now", "an ISO 8601 instant", str),
            ("title", "a string", str),
            ("attention", "a list of attention items", list),
            ("sections", "a list of sections", list),
        )
        if not isinstance(data.get(key), types)
    ]
    if problems:
        raise LoadError(source, problems)
    return data


def load_report_json(path: str | os.PathLike[str]) -> dict[str, Any]:
    """Read a JSON report written by ``teamcore report --json`` (same schema major as :data:`REPORT_FORMAT`).

    Raises
    ------
    LoadError
        If the file cannot be read, is not JSON, or is not a report of this schema major; the message names the
        path and what is wrong.
    """
    shown = str(path)
    return _check_report(parse_text(read_text(Path(path), MAX_FILE_BYTES), "json", shown), shown)


def _number(value: Cell) -> tuple[float, str] | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, Rated):
        return _number(value.value)
    if isinstance(value, Rate):
        return None if value.value is None else (value.value * 100, "%")
    if isinstance(value, int | float):
        return float(value), ""
    if isinstance(value, str) and (match := _PERCENT.match(value.strip())):
        return float(match.group(1)), "%"
    return None


def _delta(section: str, label: str, now: Cell, then: Cell, *, here: bool, there: bool) -> FigureDelta:
    if not there or not here:
        change: Change = "new" if here else "gone"
        return FigureDelta(section=section, label=label, now=now, then=then, delta=None, change=change)
    a, b = _number(now), _number(then)
    if a is not None and b is not None and a[1] == b[1]:
        delta = round(a[0] - b[0], 6)
        change = "up" if delta > 0 else "down" if delta < 0 else "unchanged"
        return FigureDelta(section=section, label=label, now=now, then=then, delta=delta, unit=a[1], change=change)  # type: ignore[arg-type]
    change = "unchanged" if now == then else "changed"
    return FigureDelta(section=section, label=label, now=now, then=then, delta=None, change=change)


def _figures(data: Mapping[str, Any], source: str) -> dict[tuple[str, str], Cell]:
    found: dict[tuple[str, str], Cell] = {}
    for i, section in enumerate(data["sections"]):
        try:
            key = section["key"]
            for block in section["blocks"]:
                if block.get("type") == "figures":
                    for item in block["items"]:
                        value = item["value"]
                        if value is not None and not isinstance(value, str | int | float):
                            raise TypeError(value)
                        if item.get("unit") == "ratio" and isinstance(value, int | float):
                            value = Rate(value)  # a share, shown as a percent: compared in percentage points
                        found.setdefault((str(key), str(item["label"])), value)
        except (KeyError, TypeError, AttributeError) as err:
            raise _problem(source, f"sections[{i}]", "blocks", f"expected report blocks ({err!r} is wrong)") from None
    return found


def _item(data: Mapping[str, Any]) -> AttentionItem:
    actor = data["actor"]
    due = data["due"]
    return AttentionItem(
        kind=data["kind"],
        what=data["what"],
        actor=Actor(role=actor["role"], member=actor["member"], name=actor["name"], timezone=actor["timezone"]),
        due=None if due is None else parse_instant(due, "due"),
        severity=data["severity"],
        section=data["section"],
        table=data["table"],
        row=data["row"],
        key=data["key"],
    )


def _items(data: Mapping[str, Any], source: str) -> list[AttentionItem]:
    items = []
    for i, entry in enumerate(data["attention"]):
        try:
            items.append(_item(entry))
        except (KeyError, TypeError) as err:
            raise _problem(source, f"attention[{i}]", "", f"expected an attention item, missing {err}") from None
        except TeamcoreError as err:
            raise _problem(source, f"attention[{i}]", "", str(err)) from None
    return items


def compare_reports(current: Report, previous: Mapping[str, Any] | str | os.PathLike[str]) -> ReportComparison:
    """What changed between an earlier report and `current`.

    Parameters
    ----------
    current
        The report of now.
    previous
        The earlier report as JSON data (:func:`~teamcore.report.report_to_dict`) or the path of its JSON file.

    Returns
    -------
    ReportComparison
        Attach it with ``attrs.evolve(current, comparison=...)`` to have every renderer show it.

    Raises
    ------
    WrongType
        If `current` is not a :class:`~teamcore.report.Report`.
    LoadError
        If `previous` cannot be read, is not JSON, or is not a report of this schema major (the message names the
        path, or ``<previous>`` for data, and what is wrong).

    Examples
    --------
    >>> from teamcore.report import Figure, Figures, Section
    >>> def report(n):
    ...     return Report(title="T", organisation="O", now=dt.datetime(2026, 11, 23, tzinfo=dt.UTC), team=None,
    ...                   sections=[Section(key="s", title="S", blocks=[Figures([Figure("Open", n)])])])
    >>> compare_reports(report(5), report_to_dict(report(3))).figures[0].shown()
    '+2'
    """
    if not isinstance(current, Report):
        raise WrongType("current", current, "a Report")
    if isinstance(previous, Mapping):
        source = "<previous>"
        then = _check_report(dict(previous), source)
    else:
        source = str(previous)
        then = load_report_json(previous)
    now = report_to_dict(current)
    try:
        previous_now: dt.datetime = parse_instant(then["now"], "now")
    except TeamcoreError as err:
        raise _problem(source, "", "now", str(err)) from None
    figures_now, figures_then = _figures(now, "<current>"), _figures(then, source)
    keys = [*figures_now, *(k for k in figures_then if k not in figures_now)]
    figures = [
        _delta(s, label, figures_now.get((s, label)), figures_then.get((s, label)),
               here=(s, label) in figures_now, there=(s, label) in figures_then)
        for s, label in keys
    ]  # fmt: skip
    before = {i.identity: i for i in _items(then, source)}
    after = {i.identity for i in current.attention}
    view = then.get("view")
    previous_view = ("organisation", None)
    if isinstance(view, dict) and isinstance(view.get("kind"), str):
        previous_view = (view["kind"], view.get("id") if isinstance(view.get("id"), str) else None)
    return ReportComparison(
        previous_now=previous_now,
        previous_title=then["title"],
        previous_view=previous_view,
        figures=figures,
        new=[i for i in current.attention if i.identity not in before],
        resolved=[i for k, i in before.items() if k not in after],
        still_open=[i for i in current.attention if i.identity in before],
    )
