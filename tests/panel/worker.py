"""A separate process that saves scores and says "ack" after each commit.

    python -m tests.panel.worker URL MEMBER_ID START_AT ROUNDS BID...

Waits until the wall-clock time START_AT (so several workers start together), then
saves every bid on every criterion ROUNDS times (ROUNDS 0: until killed), printing
`ack BID CRITERION N` (its comment is `save $WORKER_TAG-N`) once each save has
committed (or why it was refused), then submits twice.
"""

import os
import sys
import time

from evaluations import services
from evaluations.process import Refused
from evaluations.store import engine_for, unit_of_work
from tests.panel.support import CRITERIA


def main(url: str, member: int, start_at: float, rounds: int, bids: list[str]) -> None:
    engine = engine_for(url)
    tag = os.environ.get("WORKER_TAG", "")
    time.sleep(max(0.0, start_at - time.time()))
    count = 0
    while rounds == 0 or count < rounds * len(bids) * len(CRITERIA):
        bid = bids[(count // len(CRITERIA)) % len(bids)]
        criterion = CRITERIA[count % len(CRITERIA)]
        try:
            with unit_of_work(engine) as uow:
                services.save_score(uow, member, bid, criterion, count % 5, f"save {tag}-{count}")
            print(f"ack {bid} {criterion} {count}", flush=True)
        except Refused as refusal:  # e.g. the other tab has submitted: saving stops there
            print(f"refused {refusal}", flush=True)
        count += 1
    for _ in range(2):
        with unit_of_work(engine) as uow:
            services.submit(uow, member)
        print("ack submit", flush=True)


if __name__ == "__main__":
    url, member, start_at, rounds, *bids = sys.argv[1:]
    main(url, int(member), float(start_at), int(rounds), bids)
