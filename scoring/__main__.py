"""`python -m scoring ...`: the program's entry point, the top floor of the house.

Python's `-m` puts this file inside `scoring/`, but it stands above every package: it
hands `evaluation` to `evaluations.cli` and gives the library's command line
(`scoring.cli`, which imports nothing above `scoring`) the template writer from
`templates`. Each is imported only when its command runs, so scoring starts quickly.
"""

import gc
import os
import sys
from pathlib import Path


def _write_template(out: Path, design: bool) -> None:
    from templates.bid_workbook import save_template

    save_template(out, design)


def main(argv: list[str]) -> int:
    evaluation = argv[:1] == ["evaluation"]
    # Loading the modules makes objects that last as long as the program: the garbage
    # collector's passes over them while they load find nothing (15 ms of a 0.2 s start).
    gc.disable()
    try:
        if evaluation:
            from evaluations.cli import main as evaluation_main
        else:
            from scoring.cli import main as scoring_main
    finally:
        gc.enable()
    if evaluation:
        return evaluation_main(argv[1:])
    status = scoring_main(argv, write_template=_write_template)
    # Scoring is done and holds nothing open, and the process is about to end, which frees
    # its memory at once: spare the garbage collector its last walk over every object (30
    # ms of the 1.1 s that scoring a hundred bids takes). Not after an evaluation command,
    # whose database connections must close properly as the process ends.
    gc.freeze()
    return status


try:
    sys.exit(main(sys.argv[1:]))
except BrokenPipeError:  # e.g. `python -m scoring score bids | head`: the reader went away
    os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    sys.exit(1)
