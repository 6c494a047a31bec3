"""``--format table|json|csv`` and ``--output FILE`` for every command that outputs data, in one place.

A command describes its answer three ways and :func:`emit` writes the one asked for:

* **table**: what the command prints for a person (rich tables), the default;
* **json**: one object, ``{"schema": "teamcore.<command>/<version>", ...}``, whose shape
  :func:`teamcore.cli._json_schemas.command_schema` gives (``teamcore schema <command>`` prints it);
* **csv**: the command's main table, a header row then one row per record, RFC 4180 (the :mod:`csv` module,
  CRLF line ends, quoting where needed).

``--output FILE`` writes the same bytes to FILE instead of stdout, atomically: a temporary file in the same folder,
renamed over FILE once complete, so a reader never sees half a file and a failed run leaves the old one. ``-`` (or
no flag) is stdout. The path is checked before any work (:func:`teamcore.cli._common.check_outputs`); a write that
fails later is one line and exit status :attr:`~teamcore.cli._exit.Exit.OUTPUT`.
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import datetime as dt
import enum
import io
import json
import math
import os
import sys
import tempfile
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any, Final

from rich.console import Console

from teamcore.cli._common import UnwritableOutput, special_file
from teamcore.cli._json_schemas import schema_id

__all__ = [
    "FORMATS",
    "CsvTable",
    "add_format",
    "csv_text",
    "emit",
    "frame_records",
    "frame_table",
    "json_text",
    "jsonable",
    "write_atomic",
]

FORMATS: Final = ("table", "json", "csv")
"""The values of ``--format``; ``text`` is accepted as another name for ``table`` (the commands that had it)."""

_ALIASES: Final = {"text": "table"}

CsvTable = tuple[Sequence[str], Iterable[Sequence[object]]]
"""A CSV table: the header and the rows, each a sequence of cells (see :func:`csv_text` for how cells read)."""


def _format(text: str) -> str:
    value = text.strip().lower()
    return _ALIASES.get(value, value)


def _output_path(text: str) -> Path | None:
    return None if text == "-" else Path(text)


def add_format(parser: argparse.ArgumentParser, *, csv_help: str) -> None:
    """Add ``--format table|json|csv`` and ``--output FILE`` to a command's parser.

    Parameters
    ----------
    parser
        The command's parser.
    csv_help
        Which table ``--format csv`` writes, for the help text (``"the gaps"``).
    """
    parser.add_argument(
        "--format",
        type=_format,
        choices=FORMATS,
        default="table",
        help=f"output format: table (default), json (documented by `teamcore schema {parser.prog.split()[-1]}`) "
        f"or csv ({csv_help}); 'text' is another name for table",
    )
    parser.add_argument(
        "--output",
        type=_output_path,
        metavar="FILE",
        help="write the output to FILE (atomically: a temporary file renamed over it) instead of stdout; '-': stdout",
    )
    outputs: tuple[tuple[str, str], ...] = parser.get_default("outputs") or ()
    parser.set_defaults(outputs=(*outputs, ("--output", "output")))


def jsonable(value: object) -> object:  # noqa: PLR0911 - one return per kind of value
    """`value` as plain JSON data: instants as ISO 8601 UTC (``Z``), dates and times in ISO form, non-finite to null.

    Examples
    --------
    >>> at = dt.datetime(2026, 11, 23, 8, 30, tzinfo=dt.UTC)
    >>> jsonable({"at": at, "share": float("nan"), "d": (dt.date(2026, 1, 2),)})
    {'at': '2026-11-23T08:30:00Z', 'share': None, 'd': ['2026-01-02']}
    """
    if value is None or isinstance(value, bool | int | str):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, Mapping):
        return {str(key): jsonable(item) for key, item in value.items()}
    if isinstance(value, enum.Enum):
        return jsonable(value.value)
    if isinstance(value, dt.datetime):
        if value.tzinfo is None:
            return value.isoformat()
        return value.astimezone(dt.UTC).isoformat().replace("+00:00", "Z")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dt.time):
        return value.isoformat("minutes")
    if isinstance(value, dt.timedelta):
        return value.total_seconds()
    if isinstance(value, os.PathLike):
        return os.fspath(value)
    if isinstance(value, Iterable):
        return [jsonable(item) for item in value]
    item = getattr(value, "item", None)  # a numpy scalar
    if callable(item):
        return jsonable(item())
    return str(value)


def frame_table(frame: Any) -> CsvTable:
    """A polars data frame as a CSV table: its column names, then its rows."""
    return tuple(frame.columns), frame.iter_rows()


def frame_records(frame: Any) -> list[dict[str, Any]]:
    """A polars data frame as JSON records, one object per row keyed by column name."""
    return list(frame.iter_rows(named=True))


def _cell(value: object) -> str:
    plain = jsonable(value)
    if plain is None:
        return ""
    if isinstance(plain, bool):
        return "true" if plain else "false"
    if isinstance(plain, list):
        return "; ".join(_cell(v) for v in plain)
    if isinstance(plain, dict):
        return json.dumps(plain, ensure_ascii=False, sort_keys=True)
    return str(plain)


def csv_text(table: CsvTable) -> str:
    r"""A CSV table as RFC 4180 text: header row, CRLF line ends, fields quoted where needed.

    Cells read as in JSON (instants ``...Z``, dates ISO); an empty cell is a missing value, booleans are
    ``true``/``false``, a list is its items joined by ``"; "``.

    Examples
    --------
    >>> csv_text((["member", "share"], [["ana", 0.5], ["bo, jr", None]]))
    'member,share\r\nana,0.5\r\n"bo, jr",\r\n'
    """
    header, rows = table
    buffer = io.StringIO()
    writer = csv.writer(buffer)  # the csv module's default dialect: RFC 4180, CRLF
    writer.writerow(header)
    writer.writerows([_cell(v) for v in row] for row in rows)
    return buffer.getvalue()


def json_text(command: str, data: Mapping[str, Any]) -> str:
    """The JSON output of `command`: ``{"schema": "teamcore.<command>/<n>", **data}``, indented, one final newline."""
    document = {"schema": schema_id(command), **data}
    return json.dumps(jsonable(document), indent=2, ensure_ascii=False, allow_nan=False) + "\n"


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def write_atomic(flag: str, path: Path, data: str | bytes) -> None:
    """Write `data` to `path` atomically: a temporary file in the same folder, then renamed over `path`.

    The file keeps the mode of the file it replaces (a new one: ``0o666`` less the umask, as ``open`` gives). A
    device or a named pipe (:func:`special_file`: ``/dev/null``, a FIFO) and a symbolic link (``/dev/stdout``, a
    link to a report in another folder) are written in place: renaming over them would put a plain file where
    they were (as root, for everyone).

    Raises
    ------
    UnwritableOutput
        Naming `flag` and `path`, if the operating system refuses (the temporary file is removed).
    """
    raw = data.encode("utf-8") if isinstance(data, str) else data
    folder = path.parent
    try:
        if path.is_symlink() or special_file(path):
            with path.open("wb") as special:
                special.write(raw)
            return
        mode = path.stat().st_mode & 0o7777 if path.is_file() else 0o666 & ~_umask()
        handle, name = tempfile.mkstemp(dir=folder, prefix=f".{path.name}.", suffix=".tmp")
        temporary = Path(name)
        try:
            with os.fdopen(handle, "wb") as file:
                file.write(raw)
            temporary.chmod(mode)
            temporary.replace(path)
        except BaseException:
            with contextlib.suppress(OSError):
                temporary.unlink()
            raise
    except OSError as err:
        raise UnwritableOutput(flag, str(path), f"a file teamcore can write ({err.strerror or err})") from None


def _rendered(show: Callable[[Console], None]) -> str:
    """What `show` prints, as plain text (no colour), for ``--format table --output FILE``."""
    buffer = io.StringIO()
    show(Console(file=buffer, no_color=True, color_system=None, highlight=False, soft_wrap=True, width=160))
    return buffer.getvalue()


def emit(
    args: argparse.Namespace,
    console: Console,
    command: str,
    *,
    data: Callable[[], Mapping[str, Any]],
    table: Callable[[], CsvTable],
    show: Callable[[Console], None],
) -> None:
    """Write the command's answer in the ``--format`` asked for, to stdout or ``--output``.

    Parameters
    ----------
    args
        The parsed arguments (``format`` and ``output`` from :func:`add_format`).
    console
        The command's console on stdout.
    command
        The command's name: its JSON output is tagged ``teamcore.<command>/<version>``.
    data
        The JSON data (without the ``schema`` tag); called only for ``--format json``.
    table
        The CSV table; called only for ``--format csv``.
    show
        Prints the tables for a person on the console given; called only for ``--format table``.

    Raises
    ------
    UnwritableOutput
        If ``--output`` cannot be written.
    """
    output: Path | None = getattr(args, "output", None)
    if args.format == "table" and output is None:
        show(console)
        return
    if args.format == "json":
        text = json_text(command, data())
    elif args.format == "csv":
        text = csv_text(table())
    else:
        text = _rendered(show)
    if output is None:
        sys.stdout.write(text)
    else:
        write_atomic("--output", output, text)
