"""``teamcore import SOURCE INPUT --out DIR``: a helpdesk export as an import folder, with its load report."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rich import box
from rich.console import Console
from rich.table import Table

from teamcore.cli._common import add_max_rejected, console_for, print_whole, progress_for
from teamcore.cli._exit import Exit
from teamcore.cli._importing import SOURCE_NAMES, check_out, check_rejected, load_mapping, write_import
from teamcore.cli._output import add_format, emit

if TYPE_CHECKING:
    from teamcore.connectors import ImportResult

__all__ = ["register", "run"]


_CSV_COLUMNS = ("entity", "records_in", "used", "ignored", "rejected")


def register(sub: Any) -> None:
    """Add the ``import`` command."""
    parser: argparse.ArgumentParser = sub.add_parser(
        "import",
        help="a helpdesk export as tickets and events Parquet files, with a load report",
        description="Read a helpdesk export (Zendesk, Freshdesk or Zammad API JSON; a django-helpdesk SQLite "
        "database, postgresql:// URL or dumpdata JSON) and write tickets.parquet, events.parquet and "
        "load-report.json (and the vendor's own metrics where the source has them) into DIR, a folder that "
        "`teamcore kpi --tickets DIR` and `teamcore report --tickets DIR` read. Every source record is counted: "
        "used, ignored with a reason, or rejected with its entry and reason. Exit 5 when records were rejected "
        "(the folder is written), 3 when every ticket or more than --max-rejected was (nothing written).",
    )
    parser.add_argument("source", metavar="SOURCE", choices=SOURCE_NAMES, help=f"one of {', '.join(SOURCE_NAMES)}")
    parser.add_argument(
        "input", metavar="INPUT", help="export file or folder; for django-helpdesk a database path or URL"
    )
    parser.add_argument("--out", required=True, type=Path, metavar="DIR", help="the import folder to write")
    parser.add_argument("--mapping", type=Path, metavar="FILE", help="mapping overrides (.toml or .json)")
    parser.add_argument(
        "--force", action="store_true", help="write into a folder that holds other files (only import files go)"
    )
    add_format(parser, csv_help="records in, used, ignored and rejected per entity")
    add_max_rejected(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Check the folder and the mapping, read the source, write the folder, print the load report."""
    from teamcore.connectors import load_source  # noqa: PLC0415 - the connectors load only when a command runs

    console = console_for(args)
    check_out(args.out, force=args.force)
    mapping = load_mapping(args.mapping)
    with progress_for(console) as progress:
        progress.add_task(f"reading the {args.source} export", total=None)  # INPUT may be a URL with a password
        result = load_source(args.source, args.input, mapping=mapping)
    _warn_loaders(console, result)
    check_rejected(result, limit=args.max_rejected)
    written = write_import(result, args.out)
    report = result.report()
    emit(
        args,
        console,
        "import",
        data=lambda: {**report, "files": [str(p) for p in written]},
        table=lambda: (_CSV_COLUMNS, _count_rows(report)),
        show=lambda out: _print_report(out, report, args, written),
    )
    if result.ok:
        return Exit.OK
    _warn(console, report, args.out)
    return Exit.PARTIAL


def _count_rows(report: dict[str, Any]) -> list[tuple[str, int, int, int, int]]:
    """One row per source entity, then the canonical tickets and events: in, used, ignored, rejected."""
    rows = [
        (e["entity"], e["records_in"], e["used"], sum(e["ignored"].values()), e["rejected"]) for e in report["entities"]
    ]
    for name, part in report["canonical"].items():
        rows.append((f"canonical {name}", part["rows_in"], part["loaded"], 0, len(part["rejected"])))
    return rows


def _print_report(
    console: Console, report: dict[str, Any], args: argparse.Namespace, written: tuple[Path, ...]
) -> None:
    table = Table(
        title=f"Imported {report['source']} from {report['origin']} into {args.out}",
        title_justify="left",
        box=box.SIMPLE_HEAD,
        pad_edge=False,
    )
    table.add_column("entity", no_wrap=True)
    for label in ("in", "used", "ignored", "rejected"):
        table.add_column(label, justify="right")
    for entity, records_in, used, ignored, rejected in _count_rows(report):
        table.add_row(entity, str(records_in), str(used), str(ignored), str(rejected))
    print_whole(console, table)
    lines = _ignored_lines(report)
    canonical = [
        f"{name}: {r['reason'].split(', got ', 1)[0]}"
        for name, part in report["canonical"].items()
        for r in part["rejected"]
    ]
    reasons = dict(report["rejected_by_reason"])
    for reason in canonical:
        reasons[f"canonical {reason}"] = reasons.get(f"canonical {reason}", 0) + 1
    lines.append("Rejected by reason:" + ("" if reasons else " none"))
    lines += [f"  {count:>5}  {reason}" for reason, count in reasons.items()]
    flags = report["flags_by_code"]
    lines.append("Flags: " + (", ".join(f"{code} {n}" for code, n in flags.items()) if flags else "none"))
    lines.append("Mapping used:")
    for kind, entries in report["mapping"].items():
        shown = ", ".join(f"{key} → {value}" for key, value in entries.items()) or "(the source's own values)"
        lines.append(f"  {kind}: {shown}")
    lines.append("Files written:")
    lines += [f"  {path}" for path in written]
    for line in lines:
        console.print(line, markup=False)


def _ignored_lines(report: dict[str, Any]) -> list[str]:
    ignored = [(e["entity"], reason, n) for e in report["entities"] for reason, n in e["ignored"].items()]
    if not ignored:
        return []
    return ["Ignored by reason:", *(f"  {n:>5}  {entity}: {reason}" for entity, reason, n in ignored)]


def _warn_loaders(console: Console, result: ImportResult) -> None:
    """The canonical loaders' warnings (what valid data cannot answer), one line each on stderr."""
    warnings = [*result.tickets.warnings, *result.events.warnings]
    if warnings:
        stderr = Console(stderr=True, highlight=False, no_color=console.no_color, soft_wrap=True)
        for warning in warnings:
            stderr.print(f"warning: {result.origin}: {warning}", markup=False)


def _warn(console: Console, report: dict[str, Any], out: Path) -> None:
    """Say on stderr that records were rejected, and where each is listed (the exit status says it too)."""
    count = len(report["rejected"]) + sum(len(p["rejected"]) for p in report["canonical"].values())
    stderr = Console(stderr=True, highlight=False, no_color=console.no_color, soft_wrap=True)
    stderr.print(
        f"warning: {report['origin']}: {count} record(s) rejected; each is listed in {out / 'load-report.json'}",
        markup=False,
    )
