"""Run the command line: ``python -m teamcore``."""

from teamcore.cli import main

if __name__ == "__main__":
    raise SystemExit(main())
