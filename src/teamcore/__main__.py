"""Run the command line: ``python -m teamcore``."""

from teamcore.cli import main

raise SystemExit(main())
