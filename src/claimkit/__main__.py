"""Run the claimkit command line: `python -m claimkit`."""

from claimkit.cli import run

run()
