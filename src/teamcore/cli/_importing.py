"""What ``teamcore import``, ``reconcile``, ``kpi`` and ``report`` share about helpdesk imports and their folders.

An *import folder* is what :meth:`teamcore.connectors.ImportResult.write` writes: ``tickets.parquet``,
``events.parquet``, ``load-report.json`` and, where the source carries its own numbers, ``vendor_metrics.parquet``
and ``vendor_events.parquet`` (:data:`teamcore.connectors.IMPORT_FILES`). Three rules live here once:

- the folder is written whole or not at all (:func:`write_import`): an interrupted import never leaves a folder that
  ``teamcore kpi`` accepts with half its files;
- a folder holding other files is not written into without ``--force`` (:func:`check_out`), and nothing but
  import files is ever removed from it;
- a source whose every ticket, or more than ``--max-rejected`` of its records, was rejected writes nothing
  (:func:`check_rejected`, exit 3); fewer rejections are written and end with exit 5 (:attr:`Exit.PARTIAL`).
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING, Final

from teamcore.cli._common import TooManyRejected, UnwritableOutput
from teamcore.exceptions import InvalidValue, LoadError

if TYPE_CHECKING:  # the connectors and polars load only when a command reads or writes an import
    from teamcore.connectors import ConnectorMapping, ImportResult

__all__ = [
    "SOURCE_NAMES",
    "TooManyRejectedRecords",
    "add_tickets",
    "check_out",
    "check_rejected",
    "import_files",
    "is_import_folder",
    "load_mapping",
    "read_import_result",
    "ticket_inputs",
    "write_import",
]


SOURCE_NAMES: Final = ("zendesk", "freshdesk", "zammad", "django-helpdesk")
""":data:`teamcore.connectors.SOURCES` spelled out, so that ``--help`` loads no connector (a test checks they agree)."""


class TooManyRejectedRecords(TooManyRejected):
    """Every ticket of a source, or more than ``--max-rejected`` of its records, was rejected (exit status 3).

    Parameters
    ----------
    source
        The input as given.
    rejected
        The rejected records, as ``(entry, reason)`` pairs: the source's entry (``tickets.jsonl line 12``), or the
        canonical table's row.
    rows_in
        The source records read.
    limit
        The ``--max-rejected`` share in force.
    every_ticket
        Whether the import stopped because no ticket loaded (rather than because of the share).
    """

    def __init__(
        self, source: str, rejected: list[tuple[int | str, str]], rows_in: int, limit: float, *, every_ticket: bool
    ) -> None:
        super().__init__(source, rejected, rows_in, limit)
        self.every_ticket = every_ticket
        share = "every ticket" if every_ticket else f"more than --max-rejected {limit:.4g}"
        self.args = (f"{source}: {len(self.rejected)} of {rows_in} source records rejected ({share}); nothing written",)

    def __reduce__(self) -> tuple[object, ...]:
        return (_rebuild, (self.source, list(self.rejected), self.rows_in, self.limit, self.every_ticket))


def _rebuild(
    source: str, rejected: list[tuple[int | str, str]], rows_in: int, limit: float, every_ticket: bool
) -> TooManyRejectedRecords:
    return TooManyRejectedRecords(source, rejected, rows_in, limit, every_ticket=every_ticket)


def _import_names() -> frozenset[str]:
    from teamcore.connectors import IMPORT_FILES  # noqa: PLC0415 - see the imports at the top

    return frozenset(IMPORT_FILES)


def is_import_folder(path: Path) -> bool:
    """Whether `path` is a folder ``teamcore import`` wrote: its tickets, its events and its load report are there."""
    from teamcore.connectors import EVENTS_FILE, REPORT_FILE, TICKETS_FILE  # noqa: PLC0415 - see the imports at the top

    return path.is_dir() and all((path / name).is_file() for name in (TICKETS_FILE, EVENTS_FILE, REPORT_FILE))


def add_tickets(parser: argparse.ArgumentParser) -> None:
    """Add the required ``--tickets FILE``, which takes an import folder too (read by :func:`ticket_inputs`)."""
    parser.add_argument(
        "--tickets",
        required=True,
        type=Path,
        metavar="FILE",
        help="tickets (.csv/.parquet/.jsonl), or a `teamcore import` folder (its events implied)",
    )


def ticket_inputs(tickets: Path, events: Path | None, flag: str = "--tickets") -> tuple[Path, Path | None]:
    """The tickets and events files of ``--tickets`` and ``--events``; a ``--tickets`` folder is an import folder.

    An import folder gives its ``tickets.parquet`` and ``events.parquet`` (the events implied); an explicit
    ``--events`` overrides its events.

    Raises
    ------
    InvalidValue
        If `tickets` is a folder without ``tickets.parquet``: one line naming the flag, the path and what was expected.
    """
    if not tickets.is_dir():
        return tickets, events
    from teamcore.connectors import read_import  # noqa: PLC0415 - see the imports at the top

    try:
        found, implied = read_import(tickets)
    except LoadError:
        raise InvalidValue(
            flag,
            str(tickets),
            "a tickets file, or a folder `teamcore import` wrote (this folder has no tickets.parquet)",
        ) from None
    return found, events if events is not None else implied


def load_mapping(path: Path | None) -> ConnectorMapping | None:
    """The mapping overrides of ``--mapping FILE`` (TOML or JSON), or ``None`` without the flag.

    Raises
    ------
    LoadError
        If the file cannot be read or an entry is invalid (naming the path and the entry).
    """
    if path is None:
        return None
    from teamcore.connectors import ConnectorMapping  # noqa: PLC0415 - see the imports at the top

    return ConnectorMapping.from_file(path)


def check_out(out: Path, *, force: bool) -> None:
    """Check ``--out DIR`` before anything is read: a folder, empty or holding only a previous import's files.

    Raises
    ------
    UnwritableOutput
        If `out` is a file, or a folder holding other files and `force` is false (exit status 4).
    """
    if out.exists() and not out.is_dir():
        raise UnwritableOutput("--out", str(out), "a folder (this is a file)")
    if not out.is_dir():
        return
    try:
        others = sorted(p.name for p in out.iterdir() if p.name not in _import_names())
    except OSError as err:
        raise UnwritableOutput("--out", str(out), f"a folder teamcore can read ({err.strerror or err})") from None
    if others and not force:
        more = f" and {len(others) - 1} more" if len(others) > 1 else ""
        raise UnwritableOutput(
            "--out",
            str(out),
            f"an empty folder or one a previous `teamcore import` wrote (it holds {others[0]!r}{more}; "
            "--force writes the import into it, removing only import files)",
        )


def check_rejected(result: ImportResult, *, limit: float) -> None:
    """Stop before writing when every ticket, or more than `limit` of the source's records, was rejected.

    The records are the source's (``records_in`` summed over its entities); a row the canonical loaders rejected
    counts as a rejected record too. The input is named by ``result.origin``, which never shows a password.

    Raises
    ------
    TooManyRejectedRecords
        If tickets were read and none loaded, or the share of rejected records is above `limit`.
    """
    rejected: list[tuple[int | str, str]] = [(r.entry, f"{r.entity}: {r.reason}") for r in result.rejected]
    rejected += [(f"canonical tickets row {r.row}", r.reason) for r in result.tickets.rejected]
    rejected += [(f"canonical events row {r.row}", r.reason) for r in result.events.rejected]
    if not rejected:
        return
    records = max(sum(c.records_in for c in result.counts), len(rejected))
    every_ticket = result.tickets.loaded == 0
    if every_ticket or len(rejected) / records > limit:
        raise TooManyRejectedRecords(result.origin, rejected, records, limit, every_ticket=every_ticket)


def write_import(result: ImportResult, out: Path) -> tuple[Path, ...]:
    """Write `result` into `out`, whole or not at all (:meth:`~teamcore.connectors.ImportResult.write`).

    Raises
    ------
    UnwritableOutput
        If the operating system refuses a step (exit status 4); nothing half-written is left behind.
    """
    try:
        return result.write(out)
    except LoadError as err:  # ImportResult.write's own account of a refused write
        said = err.problems[0].message if err.problems else str(err)
        said = said.removeprefix("cannot write: ")
        raise UnwritableOutput("--out", str(out), f"a folder teamcore can write ({said})") from None


def import_files(out: Path) -> list[str]:
    """The import files now in `out`, in :data:`~teamcore.connectors.IMPORT_FILES` order."""
    from teamcore.connectors import IMPORT_FILES  # noqa: PLC0415 - see the imports at the top

    return [str(out / name) for name in IMPORT_FILES if (out / name).is_file()]


def read_import_result(folder: Path) -> ImportResult:
    """An import folder read back (:func:`~teamcore.connectors.read_import_result`), for the reconciliation.

    Raises
    ------
    LoadError
        If the load report cannot be read or is not one ``teamcore import`` writes (naming the file).
    """
    from teamcore.connectors import read_import_result as read  # noqa: PLC0415 - see the imports at the top

    return read(folder)
