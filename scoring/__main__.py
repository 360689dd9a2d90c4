"""`python -m scoring ...`: the program's entry point, the top floor of the house.

Python's `-m` puts this file inside `scoring/`, but it stands above every package: it
hands `evaluation` to `evaluations.cli` and gives the library's command line
(`scoring.cli`, which imports nothing above `scoring`) the template writer from
`templates`. Each is imported only when its command runs, so scoring starts quickly.
"""

import os
import sys
from pathlib import Path


def _write_template(out: Path, design: bool) -> None:
    from templates.bid_workbook import save_template

    save_template(out, design)


def main(argv: list[str]) -> int:
    if argv[:1] == ["evaluation"]:
        from evaluations.cli import main as evaluation_main

        return evaluation_main(argv[1:])
    from scoring.cli import main as scoring_main

    return scoring_main(argv, write_template=_write_template)


try:
    sys.exit(main(sys.argv[1:]))
except BrokenPipeError:  # e.g. `python -m scoring score bids | head`: the reader went away
    os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    sys.exit(1)
