"""`python -m documents demo OUT_DIR [--draft]`: the sample evaluation's documents.

Prints the same JSON as `python -m scoring evaluation report`. Exit 0 when written,
1 when finalising was refused (the problems go to stderr), 2 on a usage error.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from documents.produce import FinalisingRefused, write_documents
from documents.sample import load_sample


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m documents", description=__doc__.split("\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    demo = commands.add_parser("demo", help="write the sample evaluation's documents")
    demo.add_argument("out", type=Path, metavar="OUT_DIR")
    demo.add_argument("--draft", action="store_true", help="drafts, as during moderation")
    args = parser.parse_args(argv)
    snapshot = load_sample()
    try:
        documents = write_documents(snapshot, args.out, final=not args.draft)
    except FinalisingRefused as refused:
        print("cannot finalise:", *refused.problems, sep="\n  ", file=sys.stderr)
        return 1
    print(json.dumps({"documents": documents}, indent=2))
    return 0


sys.exit(main())
