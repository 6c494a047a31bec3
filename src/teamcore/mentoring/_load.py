"""Mentoring files: pairs as CSV, JSON lines or TOML, every row either loaded or rejected with its reason.

CSV and JSON lines have the columns ``mentor``, ``mentee``, ``since`` (``YYYY-MM-DD``, may be empty), ``focus``
(skills separated by ``;``, or a JSON list) and ``status`` (``active``, the default, or ``ended``). A TOML file
holds the same as an array of tables ``[[pairs]]``, and may give capacities::

    [capacities]
    anna = 3

    [[pairs]]
    mentor = "anna"
    mentee = "bo"
    since = 2026-10-05
    focus = ["billing"]
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any, cast

from teamcore._documents import parse_text, read_text
from teamcore._rows import MAX_TABLE_BYTES, LoadResult, Unreadable, load_rows, read_records
from teamcore._suggest import suggest
from teamcore._validators import cell_date, check_identifier, check_int_range
from teamcore.exceptions import (
    DuplicateId,
    LoadError,
    Problem,
    UnknownColumn,
    UnknownReference,
    ValidationError,
    WrongType,
)
from teamcore.mentoring._graph import MentoringPair
from teamcore.people import Organisation

__all__ = ["load_capacities", "load_pairs"]

_COLUMNS = frozenset({"mentor", "mentee", "since", "focus", "status"})


def _since(value: object) -> dt.date | None:
    if value in (None, ""):
        return None
    return cell_date(value, "since", "a date YYYY-MM-DD or nothing")


def _focus(value: object) -> list[str]:
    if value in (None, ""):
        return []
    if isinstance(value, str):
        return [part.strip() for part in value.split(";") if part.strip()]
    if isinstance(value, list):
        return value
    raise WrongType("focus", value, "skills separated by ';' or a list of skills")


def _status(value: object) -> Any:
    """An empty or absent status is the default, ``active``; anything else (even ``[]`` or ``0``) is checked."""
    return "active" if value is None or value == "" else value


def _builder(org: Organisation | None) -> Any:
    seen: set[tuple[str, str]] = set()

    def build(record: Mapping[str, Any]) -> MentoringPair:
        unknown = sorted(set(record) - _COLUMNS)
        if unknown:
            raise UnknownColumn(
                unknown[0], unknown[0], f"only the columns {sorted(_COLUMNS)}", suggestion=suggest(unknown[0], _COLUMNS)
            )
        pair = MentoringPair(
            mentor=record.get("mentor", ""),
            mentee=record.get("mentee", ""),
            since=_since(record.get("since")),
            focus=_focus(record.get("focus")),
            status=_status(record.get("status")),
        )
        if org is not None:
            for field in ("mentor", "mentee"):
                if getattr(pair, field) not in org:
                    raise UnknownReference(
                        field,
                        getattr(pair, field),
                        "the id of a member of the organisation",
                        suggestion=suggest(getattr(pair, field), [m.id for m in org.members]),
                    )
        key = (pair.mentor, pair.mentee)
        if key in seen:
            raise DuplicateId("mentee", f"{pair.mentor} -> {pair.mentee}", "each mentor -> mentee pair once")
        seen.add(key)
        return pair

    return build


def _read_toml(file: Path, max_bytes: int) -> dict[str, Any]:
    """The table of a TOML file, read by the rules of every document file (size limit, UTF-8, TOML)."""
    return cast("dict[str, Any]", parse_text(read_text(file, max_bytes), "toml", str(file)))


def _toml_records(data: Mapping[str, Any]) -> Iterator[tuple[int, dict[str, Any]]]:
    pairs = data.get("pairs", [])
    if not isinstance(pairs, list):
        yield 1, Unreadable(f"pairs: expected an array of tables [[pairs]], got {type(pairs).__name__}")
        return
    for number, item in enumerate(pairs, start=1):
        if not isinstance(item, dict):
            yield number, Unreadable(f"expected a table, got {type(item).__name__}")
            continue
        yield number, item


def load_pairs(
    path: str | os.PathLike[str], *, org: Organisation | None = None, max_bytes: int = MAX_TABLE_BYTES
) -> LoadResult[MentoringPair]:
    r"""Load mentoring pairs; each row is loaded or rejected with its row number and reason.

    Parameters
    ----------
    path
        A ``.toml``, ``.csv`` or ``.jsonl`` file. In TOML, row *n* is the *n*-th ``[[pairs]]`` table.
    org
        When given, a pair naming someone who is not a member is rejected.
    max_bytes
        Size limit, checked before reading.

    Returns
    -------
    LoadResult of MentoringPair
        ``rows_in == len(items) + len(rejected)``. A repeated pair is rejected the second time.

    Raises
    ------
    LoadError
        If the file cannot be read or parsed at all (``MalformedFile``, ``FileTooLarge``).

    Examples
    --------
    >>> import pathlib, tempfile
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (folder / "m.csv").write_text("mentor,mentee,since,focus,status\nanna,bo,2026-10-05,billing;returns,\n"
    ...                                   "anna,anna,,,\n")
    >>> result = load_pairs(folder / "m.csv")
    >>> [(p.mentor, p.mentee, p.focus) for p in result.items], [r.row for r in result.rejected]  # by line
    ([('anna', 'bo', ('billing', 'returns'))], [3])
    """
    file = Path(path)
    build = _builder(org)
    if file.suffix.lower() == ".toml":
        return load_rows(_toml_records(_read_toml(file, max_bytes)), build, source=str(file))
    return load_rows(read_records(file, max_bytes=max_bytes), build, source=str(file))


def load_capacities(path: str | os.PathLike[str], *, max_bytes: int = MAX_TABLE_BYTES) -> dict[str, int]:
    """The ``[capacities]`` table of a TOML mentoring file (member id → places); empty for other formats.

    Raises
    ------
    LoadError
        Listing every capacity that is not an integer from 0 to 1000, and every key that is no member id.
    """
    file = Path(path)
    if file.suffix.lower() != ".toml":
        return {}
    table = _read_toml(file, max_bytes).get("capacities", {})
    shown = str(file)
    if not isinstance(table, dict):
        raise LoadError(shown, [Problem(shown, "capacities", "", "expected a table of member id = places")])
    problems: list[Problem] = []
    found: dict[str, int] = {}
    for member_id, value in table.items():
        try:
            check_identifier(member_id, "capacities")  # a key like "" or "a b" can name no member
            found[member_id] = check_int_range(value, f"capacities.{member_id}", 0, 1000)
        except ValidationError as err:
            problems.append(Problem(shown, f"member '{member_id}'", "", str(err)))
    if problems:
        raise LoadError(shown, problems)
    return found
