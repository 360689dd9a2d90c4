import os
import sys

from scoring.cli import main

try:
    sys.exit(main())
except BrokenPipeError:  # e.g. `python -m scoring score bids | head`: the reader went away
    os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    sys.exit(1)
