"""Entry point for ``python -m hiptimer``."""

from hiptimer.cli import main

raise SystemExit(main())
