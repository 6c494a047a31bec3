"""``teamcore reconcile SOURCE INPUT``: the helpdesk's own metric values beside teamcore's, differences explained."""

from __future__ import annotations

import argparse
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rich import box
from rich.console import Console
from rich.table import Table

from teamcore.cli._common import EXIT_OK, console_for, print_whole, progress_for
from teamcore.cli._importing import SOURCE_NAMES, is_import_folder, load_mapping, read_import_result
from teamcore.cli._output import add_format, emit, frame_table
from teamcore.exceptions import InvalidValue, LoadError, Problem, ValidationError

if TYPE_CHECKING:
    import polars as pl

    from teamcore.connectors import ImportResult, Reconciliation, Schedules

__all__ = ["register", "run"]

_DEFAULT_LIMIT = 20


def register(sub: Any) -> None:
    """Add the ``reconcile`` command."""
    parser: argparse.ArgumentParser = sub.add_parser(
        "reconcile",
        help="the helpdesk's own metric values beside teamcore's, each difference explained",
        description="Read a helpdesk export that carries the vendor's own metric values (Zendesk ticket metrics), "
        "or an import folder `teamcore import` wrote from one, compute teamcore's value of each (calendar and "
        "business minutes), and explain every difference by its cause: the schedule in force, the timezone, "
        "pauses, the definition of a reply, reopens. Prints the differences and a short summary by cause; "
        "--format json or csv gives every row. Business minutes use the Zendesk schedules pages given with "
        "--schedules, else the schedules*.json files beside INPUT.",
    )
    parser.add_argument("source", metavar="SOURCE", choices=SOURCE_NAMES, help=f"one of {', '.join(SOURCE_NAMES)}")
    parser.add_argument("input", metavar="INPUT", help="export file, folder, database, or a `teamcore import` folder")
    parser.add_argument("--mapping", type=Path, metavar="FILE", help="mapping overrides (.toml or .json)")
    parser.add_argument("--schedules", type=Path, metavar="PATH", help="Zendesk schedules pages: a file or folder")
    parser.add_argument(
        "--ticket-schedules",
        type=Path,
        metavar="FILE",
        help='JSON: ticket id → schedule id, or its changes [[null, "A"], ["2026-11-06T17:30Z", "B"]]',
    )
    parser.add_argument("--default-schedule", metavar="ID", help="the schedule of tickets not in --ticket-schedules")
    parser.add_argument(
        "--requester-comments",
        type=Path,
        metavar="FILE",
        help="the requesters' comments (ticket_id, at; .csv/.parquet/.jsonl) for Zendesk's reply rule",
    )
    parser.add_argument(
        "--tolerance", type=float, default=1.0, metavar="MINUTES", help="how close a rule must come (default 1)"
    )
    add_format(parser, csv_help="every row of the reconciliation, matches included")
    parser.add_argument(
        "--limit",
        type=int,
        default=_DEFAULT_LIMIT,
        metavar="N",
        help=f"differences shown in the text table, largest first (default {_DEFAULT_LIMIT}; 0: all)",
    )
    parser.set_defaults(run=run, usage_error=parser.error)


def run(args: argparse.Namespace) -> int:
    """Read the input (or the import folder), reconcile, print."""
    from teamcore.connectors import reconcile  # noqa: PLC0415 - the connectors load only when a command runs

    if args.limit < 0:
        args.usage_error(f"--limit: expected a number of rows ≥ 0 (0: all), got {args.limit}")
    console = console_for(args)
    with progress_for(console) as progress:
        progress.add_task(f"reading the {args.source} export", total=None)  # INPUT may be a URL with a password
        result = _result(args)
        book = _schedules(args)
        comments = None if args.requester_comments is None else _requester_comments(args.requester_comments)
        tickets = None if args.ticket_schedules is None or book is not None else _ticket_schedules(args)
        rec = reconcile(
            result,
            schedules=book if book is not None else args.schedules,
            ticket_schedules=tickets,
            requester_comments=comments,
            tolerance_minutes=args.tolerance,
        )
    emit(
        args,
        console,
        "reconcile",
        data=rec.to_dict,
        table=lambda: frame_table(rec.table),
        show=lambda out: _print(out, rec, args.limit),
    )
    return EXIT_OK


def _result(args: argparse.Namespace) -> ImportResult:
    """The import: read back from an import folder, or read from the source with its adapter."""
    path = Path(args.input)
    if is_import_folder(path):
        if args.mapping is not None:
            raise InvalidValue(
                "--mapping", str(args.mapping), "no mapping with an import folder (it was mapped when imported)"
            )
        result = read_import_result(path)
        if result.source != args.source:
            raise InvalidValue("SOURCE", args.source, f"the source the import folder {path} came from, {result.source}")
        return result
    from teamcore.connectors import load_source  # noqa: PLC0415 - see run

    return load_source(args.source, args.input, mapping=load_mapping(args.mapping))


def _schedules(args: argparse.Namespace) -> Schedules | None:
    """The schedules book when --default-schedule asks for one built here; else ``None`` (reconcile reads them)."""
    if args.default_schedule is None:
        return None
    if args.schedules is None:
        raise InvalidValue("--default-schedule", args.default_schedule, "--schedules PATH to choose the default among")
    from teamcore.connectors import read_schedules  # noqa: PLC0415 - see run

    tickets = None if args.ticket_schedules is None else _ticket_schedules(args)
    return read_schedules(args.schedules, ticket_schedules=tickets, default=args.default_schedule)


def _ticket_schedules(args: argparse.Namespace) -> Mapping[str, Any]:
    """The ``--ticket-schedules`` JSON file, checked as :class:`~teamcore.connectors.Schedules` checks it.

    Raises
    ------
    LoadError
        If the file is not JSON, not an object, or an entry is not a schedule id or a list of changes.
    """
    from teamcore._documents import load_document  # noqa: PLC0415 - see run
    from teamcore.connectors import Schedules  # noqa: PLC0415 - see run

    def parse(data: object, source: str) -> tuple[Mapping[str, Any] | None, list[Problem]]:
        if not isinstance(data, Mapping):
            return None, [Problem(source, "", "", "expected an object of ticket id → schedule id (or its changes)")]
        try:
            Schedules(versions=(), ticket_schedules=data)
        except ValidationError as err:
            return None, [Problem(source, "", err.field, str(err).removeprefix(f"{err.field}: "))]
        return dict(data), []

    path: Path = args.ticket_schedules
    if path.suffix.lower() != ".json":
        shown = str(path)
        raise LoadError(
            shown, [Problem(shown, "", "", "expected a .json file (TOML has no null for the first change)")]
        )
    return load_document(path, format=None, max_bytes=16 * 1024 * 1024, parse=parse)


def _requester_comments(path: Path) -> pl.DataFrame:
    """The requesters' comments file as ``ticket_id`` and UTC ``at``; every bad row is named.

    Raises
    ------
    LoadError
        If the file cannot be read, lacks a column, or an ``at`` is not an ISO instant with an offset.
    """
    import polars as pl  # noqa: PLC0415 - see run

    from teamcore._time import parse_instant  # noqa: PLC0415 - see run
    from teamcore.kpi import read_table  # noqa: PLC0415 - see run

    shown = str(path)
    raw = read_table(path)
    missing = [c for c in ("ticket_id", "at") if c not in raw.columns]
    if missing:
        raise LoadError(shown, [Problem(shown, "", c, "missing column") for c in missing])
    problems: list[Problem] = []
    ats: list[Any] = []
    for number, (ticket, at) in enumerate(raw.select(pl.col("ticket_id", "at").cast(pl.String)).iter_rows(), 2):
        try:
            if ticket is None or not ticket.strip():
                raise InvalidValue("ticket_id", ticket, "a ticket id")
            ats.append(parse_instant(at, "at"))
        except ValidationError as err:
            problems.append(Problem(shown, f"row {number}", err.field, str(err).removeprefix(f"{err.field}: ")))
    if problems:
        raise LoadError(shown, problems)
    frame = raw.select(pl.col("ticket_id").cast(pl.String).str.strip_chars())
    return frame.with_columns(pl.Series("at", ats, dtype=pl.Datetime("us", "UTC")))


def _minutes(value: float | None) -> str:
    return "–" if value is None else f"{value:g}"


def _print(console: Console, rec: Reconciliation, limit: int) -> None:
    import polars as pl  # noqa: PLC0415 - see run

    differences = rec.differences.sort(pl.col("difference").abs(), descending=True, nulls_last=True)
    shown = differences if limit == 0 else differences.head(limit)
    table = Table(
        title=f"Differences with {rec.source} ({differences.height}; vendor − teamcore, minutes)",
        title_justify="left",
        box=box.SIMPLE_HEAD,
        pad_edge=False,
    )
    table.add_column("ticket", no_wrap=True)
    table.add_column("metric", no_wrap=True)
    for label in ("vendor", "teamcore", "delta"):
        table.add_column(label, justify="right", no_wrap=True)
    table.add_column("cause", no_wrap=True)
    table.add_column("explanation", overflow="fold")
    for row in shown.iter_rows(named=True):
        table.add_row(
            row["ticket_id"],
            f"{row['metric']} ({row['basis']})",
            _minutes(row["vendor_minutes"]),
            _minutes(row["teamcore_minutes"]),
            _minutes(row["difference"]),
            row["cause"],
            row["explanation"] or "",
        )
    if differences.height:
        print_whole(console, table)
    if shown.height < differences.height:
        more = differences.height - shown.height
        console.print(f"… and {more} more (--limit 0 shows all; --format json or csv gives every row)", markup=False)
    console.print(rec.report(), markup=False)
