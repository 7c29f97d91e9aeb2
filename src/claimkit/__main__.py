"""Run the claimkit command line: `python -m claimkit`."""

from claimkit.cli import main

raise SystemExit(main())
