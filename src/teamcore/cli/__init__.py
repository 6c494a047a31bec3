"""The ``teamcore`` command line: a thin layer over the library (it is the only place that prints)."""

from teamcore.cli._app import COMMANDS, main

__all__ = ["COMMANDS", "main"]
