"""The ``teamcore`` command line: a thin layer over the library (it is the only place that prints)."""

from teamcore.cli._app import COMMANDS, Command, main

__all__ = ["COMMANDS", "Command", "main"]
