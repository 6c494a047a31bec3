"""JSON input: the documents of a helpdesk export, from one file, JSON lines, or a folder of them.

:func:`read_json_input` yields each document with its entry (the file, and the line for JSON lines); a line that is
not JSON comes as a :class:`LineError` for the adapter to reject. :func:`export_files` lists an export's files and
:func:`entity_files` names the source entity each one holds.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from teamcore._rows import loads_json, read_limited
from teamcore.connectors._fetch_state import STATE_FILE
from teamcore.exceptions import LoadError, Problem

__all__ = ["LineError", "entity_files", "export_files", "read_json_input"]


def read_json_input(path: str | os.PathLike[str], *, max_bytes: int) -> Iterator[tuple[str, Any]]:
    r"""The JSON documents of an export: one file, a JSON lines file, or a folder of them (sorted by name).

    Yields ``(entry, document)``: for a ``.json`` file the whole document (``"pages/0002.json"``); for a
    ``.jsonl`` file each line (``"tickets.jsonl line 12"``), split on ``\n`` only. A line that is not JSON is
    yielded as a :class:`LineError` with the reason, for the adapter to reject; blank lines are skipped.

    Raises
    ------
    LoadError
        If a path cannot be read, or a ``.json`` file is not JSON (naming the file).
    """
    base = Path(path)
    files = export_files(base)
    for file in files:
        data = read_limited(file, max_bytes)
        shown = str(file)
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as err:
            raise LoadError(shown, [Problem(shown, "", "", f"not UTF-8 (byte {err.start})")]) from None
        if file.suffix == ".jsonl":
            for number, line in enumerate(_lines(text), start=1):
                if not line.strip():
                    continue
                yield f"{shown} line {number}", _json_or_error(line)
        else:
            doc = _json_or_error(text)
            if isinstance(doc, LineError):
                raise LoadError(shown, [Problem(shown, "", "", doc.reason)])
            yield shown, doc


def export_files(base: Path) -> list[Path]:
    """The ``.json`` and ``.jsonl`` files under the folder `base`, sorted by path (or ``[base]`` for a file).

    Hidden files and folders (a name starting with ``.``) are skipped: they are not the helpdesk's records but
    tools' own, such as the fetcher's state file ``.teamcore-fetch.json`` (:func:`teamcore.connectors.fetch`).

    A folder with no such file is not an export (``teamcore import zendesk /etc`` is a mistake, not zero
    tickets) unless it holds the fetcher's state file: an account fetched with nothing in it yet is a valid,
    empty export.

    Raises
    ------
    LoadError
        If `base` is a folder with no ``.json`` or ``.jsonl`` file and no fetch state file.
    """
    if not base.is_dir():
        return [base]
    files = sorted(
        p
        for p in base.rglob("*")
        if p.is_file()
        and p.suffix in {".json", ".jsonl"}
        and not any(part.startswith(".") for part in p.relative_to(base).parts)
    )
    if not files and not (base / STATE_FILE).is_file():
        shown = str(base)
        raise LoadError(
            shown,
            [Problem(shown, "", "", "no .json or .jsonl file in this folder; expected a helpdesk export")],
        )
    return files


def entity_files(path: str | os.PathLike[str], entities: Mapping[str, str]) -> list[tuple[str, Path]]:
    """The ``.json`` and ``.jsonl`` files of an export, each with the source entity it holds, sorted by path.

    REST exports are folders of pages (``tickets_0001.json``) or of per-ticket files (``conversations/42.json``):
    a file holds the entity its name starts with, or, inside a folder, the entity the folder right under `path` is
    named for. `entities` maps each accepted name (``"articles"``) to its entity (``"ticket_articles"``); the
    longest name that matches wins. A single file is matched by its own name.

    Raises
    ------
    LoadError
        If `path` does not exist, or a file names no entity (naming the file and the names accepted).
    """
    base = Path(path)
    shown = str(base)
    if not base.exists():
        raise LoadError(shown, [Problem(shown, "", "", "no such file or folder")])
    files = export_files(base)
    names = sorted(entities, key=len, reverse=True)
    found: list[tuple[str, Path]] = []
    problems: list[Problem] = []
    for file in files:
        first = file.relative_to(base).parts[0] if base.is_dir() else file.name
        key = first.lower()
        entity = next((entities[n] for n in names if key.startswith(n)), None)
        if entity is None:
            expected = ", ".join(f"{n}*" for n in sorted(entities))
            problems.append(Problem(str(file), "", "file name", f"expected a name starting {expected}, got {first!r}"))
        else:
            found.append((entity, file))
    if problems:
        raise LoadError(shown, problems)
    return found


class LineError:
    """A JSON line that could not be parsed, with the reason (yielded by :func:`read_json_input`)."""

    __slots__ = ("reason",)

    def __init__(self, reason: str) -> None:
        self.reason = reason


def _lines(text: str) -> Iterator[str]:
    for line in text.split("\n"):
        yield line.removesuffix("\r")


def _json_or_error(text: str) -> Any:
    try:
        return loads_json(text, parse_constant=_no_constant)
    except json.JSONDecodeError as err:
        return LineError(f"invalid JSON: {err.msg} (line {err.lineno} column {err.colno})")
    except ValueError as err:  # NaN, Infinity, or nested too deep
        return LineError(f"invalid JSON: {err}")


def _no_constant(name: str) -> object:
    raise ValueError(f"{name} is not a JSON number")
