"""``teamcore fetch SOURCE ACCOUNT --out DIR``: pull what changed in a helpdesk into a folder ``teamcore import`` reads.

The token comes from the environment (``TEAMCORE_ZENDESK_TOKEN``, ``TEAMCORE_FRESHDESK_TOKEN``,
``TEAMCORE_ZAMMAD_TOKEN``; for a Zendesk API token also ``TEAMCORE_ZENDESK_EMAIL``), never from the command line,
where other users of the machine and the shell history would see it.
"""

from __future__ import annotations

import argparse
import os
from typing import Any, Final

from rich.console import Console

from teamcore.cli._common import EXIT_OK, console_for, instant_from
from teamcore.cli._output import add_format, emit
from teamcore.exceptions import InvalidValue

__all__ = ["register", "run", "token_variable"]

_SOURCES: Final = ("zendesk", "freshdesk", "zammad")  # teamcore.connectors.FETCH_SOURCES, without loading it


def token_variable(source: str) -> str:
    """The environment variable holding `source`'s token, such as ``TEAMCORE_ZENDESK_TOKEN``."""
    return f"TEAMCORE_{source.upper()}_TOKEN"


def register(sub: Any) -> None:  # argparse's _SubParsersAction is private; Any keeps mypy honest about that
    """Add the ``fetch`` command."""
    parser: argparse.ArgumentParser = sub.add_parser(
        "fetch",
        help="pull what changed in a helpdesk (Zendesk, Freshdesk, Zammad) into a folder for `teamcore import`",
        description="Fetch from the helpdesk's API what changed since the last run into DIR, as the API's pages in "
        "the layout `teamcore import SOURCE DIR` reads. The cursors are kept in DIR/.teamcore-fetch.json: a daily "
        "run appends only what changed, a run with nothing new writes nothing, an interrupted run resumes. The "
        "token is read from the environment: TEAMCORE_<SOURCE>_TOKEN (and TEAMCORE_ZENDESK_EMAIL for a Zendesk "
        "API token). Exit 1 on an HTTP error (the URL and the status are shown, never the token).",
    )
    parser.add_argument("source", metavar="SOURCE", choices=_SOURCES, help="zendesk, freshdesk or zammad")
    parser.add_argument(
        "account",
        metavar="ACCOUNT",
        help="the Zendesk subdomain or Freshdesk domain name, or a base URL (https://host[:port]; needed for Zammad)",
    )
    parser.add_argument("--out", metavar="DIR", required=True, help="the folder to fetch into (created if missing)")
    parser.add_argument(
        "--since",
        metavar="ISO",
        help="first run only: start at this instant (default: everything), e.g. 2026-01-01T00:00Z",
    )
    parser.add_argument("--per-page", type=int, default=100, metavar="N", help="records per page asked (1-100)")
    parser.add_argument("--max-retries", type=int, default=5, metavar="N", help="retries of a request (default 5)")
    add_format(parser, csv_help="records fetched per entity")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Fetch, then print what was written: records per entity, pages, retries."""
    from teamcore.connectors import fetch  # noqa: PLC0415 - loaded by this command only

    variable = token_variable(args.source)
    token = os.environ.get(variable, "")
    if not token.strip():
        raise InvalidValue(variable, "(unset)", f"the {args.source} API token in the environment variable {variable}")
    email = (os.environ.get("TEAMCORE_ZENDESK_EMAIL") or None) if args.source == "zendesk" else None
    since = instant_from(args.since, "--since") if args.since else None
    summary = fetch(
        args.source,
        args.account,
        args.out,
        token=token,
        email=email,
        since=since,
        per_page=args.per_page,
        max_retries=args.max_retries,
    )

    def show(console: Console) -> None:
        if not summary.changed:
            console.print(
                f"{summary.account}: nothing new since the last run ({summary.pages} pages read)", markup=False
            )
            return
        written = ", ".join(f"{count} {entity}" for entity, count in summary.records.items())
        console.print(f"{summary.account}: wrote {written} into {summary.out}", markup=False)
        console.print(
            f"{summary.pages} pages, {len(summary.files)} files, {summary.retries} retries "
            f"({sum(summary.waits):.0f} s waited)",
            markup=False,
        )

    emit(
        args,
        console_for(args),
        "fetch",
        data=summary.to_dict,
        table=lambda: (("entity", "records"), list(summary.records.items())),
        show=show,
    )
    return EXIT_OK
