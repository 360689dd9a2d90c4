"""Benchmark: the evaluations store under a panel's load.

Not a test (these machines are shared and noisy): run
`python benchmarks/bench_evaluations.py [--postgres URL]` and read the figures.
- Ten evaluators saving scores at once, each in their own process: median and 95th
  percentile time per save, commit included. Goal: p95 < 100 ms. Twice: back to back
  (600 saves, the worst case: every save queues behind the other nine) and with a random
  pause averaging 0.5 s between one evaluator's saves (still faster than anyone writes a
  comment).
- Loading a whole evaluation for moderation (10 bids x 6 areas x 5 evaluators, with
  service-user views and the audit): the moderation view, ranking and progress together.
  Goal: < 200 ms.
- Verifying an audit chain of 100,000 events, hashes and seals. Goal: < 2 s.
SQLite always (a temporary file); PostgreSQL too when `--postgres` or DATABASE_URL names
one (a fresh database is created on that server and dropped afterwards).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlalchemy import create_engine, insert, select, text  # noqa: E402
from sqlalchemy.engine import make_url  # noqa: E402

from evaluations import audit, services, views  # noqa: E402
from evaluations.audit import GENESIS, canonical, event_hash  # noqa: E402
from evaluations.audit_key import load_key, seal  # noqa: E402
from evaluations.bids import read_and_score, rule_result  # noqa: E402
from evaluations.models import AuditEvent, BidFile  # noqa: E402
from evaluations.store import engine_for, migrate, unit_of_work  # noqa: E402

AREAS = ("balance", "incentives", "mutual_aid", "recovery_capital", "safety", "voice")
SAMPLES = sorted((ROOT / "sample_tenders").glob("*.xlsx"))


def build(url: str, evaluators: int, bids: int = 10) -> tuple[int, list[int], list[str]]:
    """An evaluation in scoring with `bids` bids (sample files under new references)."""
    engine = engine_for(url)
    migrate(engine)
    with unit_of_work(engine) as uow:
        evaluation, lead, _ = services.create_evaluation(uow, "Benchmark", "Lead")
        members = [services.add_member(uow, lead, f"Evaluator {n}", "evaluator")[0]
                   for n in range(evaluators)]
        su = services.add_member(uow, lead, "Service user", "service_user")[0]
        services.add_bid(uow, lead, SAMPLES[0].read_bytes(), SAMPLES[0].name)
        first = uow.session.query(BidFile).one()
        references = [first.reference]
        for n in range(1, bids):  # copies of real bids, so each rule result is real
            source = read_and_score(SAMPLES[n % len(SAMPLES)].read_bytes(), "b.xlsx")
            reference = f"BENCH-{n:02d}"
            bid = BidFile(
                evaluation_id=evaluation, reference=reference, provider=f"Provider {n}",
                filename=f"{reference}.xlsx", sha256=source.read.digest,
                content=SAMPLES[n % len(SAMPLES)].read_bytes(),
                rule_result=rule_result(source), added_at=audit.now())
            uow.session.add(bid)
            audit.record(uow.session, evaluation, None, "bid_added", bid=reference,
                         provider=bid.provider, file=bid.filename, sha256=bid.sha256,
                         rule_result=bid.rule_result)  # as services.add_bid logs it
            references.append(reference)
        for member in (lead, *members, su):
            services.declare(uow, member, [])
        services.advance(uow, lead)
    return evaluation, [lead, *members, su], references


SAVER = """
import json, sys, time
sys.path.insert(0, {root!r})
from evaluations import services
from evaluations.store import engine_for, unit_of_work
import random
url, member, start_at = sys.argv[1], int(sys.argv[2]), float(sys.argv[3])
bids, areas = json.loads(sys.argv[4]), json.loads(sys.argv[5])
pause, saves = float(sys.argv[6]), int(sys.argv[7])
engine = engine_for(url)
with engine.connect():
    pass
time.sleep(max(0, start_at - time.time()))
times = []
cells = [(b, a) for b in bids for a in areas][:saves]
for n, (bid, area) in enumerate(cells):
    time.sleep(random.uniform(0, 2 * pause))
    began = time.perf_counter()
    with unit_of_work(engine) as uow:
        services.save_score(uow, member, bid, area, n % 5, "benchmark comment " * 5)
    times.append(time.perf_counter() - began)
print(json.dumps(times))
"""


def concurrent_saves(url: str, pause: float, saves: int, evaluators: int = 10) -> list[float]:
    """Each evaluator's save times; they start together and pause about `pause` s between."""
    _, members, references = build(url, evaluators)
    start_at = time.time() + 3
    script = SAVER.format(root=str(ROOT))
    workers = [subprocess.Popen([sys.executable, "-c", script, url, str(member), str(start_at),
                                 json.dumps(references), json.dumps(AREAS), str(pause),
                                 str(saves)],
                                stdout=subprocess.PIPE, text=True)
               for member in members[1:1 + evaluators]]
    times: list[float] = []
    for worker in workers:
        out, _ = worker.communicate(timeout=600)
        times += json.loads(out)
    return times


def in_moderation(url: str) -> tuple[int, int]:
    """An evaluation in moderation, 10 bids x 6 areas x 5 evaluators with views: its id
    and the lead's."""
    evaluation, members, references = build(url, 5)
    lead, evaluators, su = members[0], members[1:6], members[6]
    with unit_of_work(engine_for(url)) as uow:
        for n, member in enumerate(evaluators):
            for bid in references:
                for area in AREAS:
                    services.save_score(uow, member, bid, area, (n + len(area)) % 5,
                                        f"Evaluator {n} on {area}: evidence in the answers")
            services.submit(uow, member)
        for bid in references:
            for area in AREAS:
                services.save_view(uow, su, bid, area, "concern", "We worry about this")
        services.advance(uow, lead)
    return evaluation, lead


def moderation_load(url: str) -> float:
    evaluation, lead = in_moderation(url)
    engine = engine_for(url)
    runs = []
    for _ in range(15):
        began = time.perf_counter()
        with unit_of_work(engine, write=False) as uow:
            views.moderation_view(uow, lead)
            views.ranking(uow, lead)
            views.progress(uow, lead)
            audit.verify(uow.session, evaluation)
        runs.append(time.perf_counter() - began)
    return statistics.median(runs)


def audit_verification(url: str, events: int = 100_000) -> tuple[float, bool]:
    """The chain and its seals alone (`audit.verify_rows`): replaying 100,000 events
    against tables is measured by the moderation load above, at a real panel's size."""
    engine = engine_for(url)
    migrate(engine)
    evaluation = 999_999
    key = load_key(engine.url, create=True)
    rows, prev = [], GENESIS
    for seq in range(1, events + 1):
        at, data = f"2026-11-29T12:00:00.{seq % 1_000_000:06d}+00:00", canonical({"n": seq})
        digest = event_hash(prev, evaluation, seq, at, "Bench", 1, "score_saved", data)
        rows.append({"evaluation_id": evaluation, "seq": seq, "at": at, "actor": "Bench",
                     "actor_member_id": 1, "action": "score_saved", "data": data,
                     "prev_hash": prev, "hash": digest, "seal": seal(key, digest)})
        prev = digest
    with engine.begin() as connection:
        for start in range(0, events, 10_000):
            connection.execute(insert(AuditEvent), rows[start:start + 10_000])
    runs, verified = [], False
    for _ in range(3):
        began = time.perf_counter()
        with engine.connect() as connection:
            stored = connection.execute(select(*audit.COLUMNS).where(
                AuditEvent.evaluation_id == evaluation).order_by(AuditEvent.seq)).all()
            verified = audit.verify_rows(evaluation, stored, key).verified
        runs.append(time.perf_counter() - began)
    return min(runs), verified


def _percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


def run_all(label: str, fresh_url) -> None:
    print(f"\n== {label}")
    for how, pause, count in (("back to back, no pause", 0.0, 60),
                              ("a pause of about 0.5 s between saves", 0.5, 30)):
        saves = concurrent_saves(fresh_url(), pause, count)
        print(f"10 evaluators saving at once, {how}: {len(saves)} saves, median "
              f"{statistics.median(saves) * 1000:.1f} ms, p95 "
              f"{_percentile(saves, 0.95) * 1000:.1f} ms, max {max(saves) * 1000:.1f} ms "
              "(goal p95 < 100 ms)")
    print(f"moderation load (10 bids x 6 areas x 5 evaluators, views, audit): "
          f"{moderation_load(fresh_url()) * 1000:.1f} ms (goal < 200 ms)")
    seconds, verified = audit_verification(fresh_url())
    print(f"audit verification of 100,000 events: {seconds:.2f} s, verified={verified} "
          f"(goal < 2 s)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--postgres", default=os.environ.get("DATABASE_URL", ""),
                        help="a PostgreSQL server URL (a fresh database is made on it)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        counter = iter(range(100))
        run_all("SQLite (WAL, a local file)",
                lambda: f"sqlite:///{folder}/bench-{next(counter)}.db")
    if args.postgres.startswith("postgresql"):
        admin = create_engine(args.postgres, isolation_level="AUTOCOMMIT")
        made = []

        def fresh() -> str:
            name = f"bench_{uuid.uuid4().hex[:10]}"
            with admin.connect() as connection:
                connection.execute(text(f'CREATE DATABASE "{name}"'))
            made.append(name)
            return make_url(args.postgres).set(database=name).render_as_string(False)

        try:
            run_all("PostgreSQL", fresh)
        finally:
            for name in made:
                url = make_url(args.postgres).set(database=name).render_as_string(False)
                engine_for(url).dispose()
                with admin.connect() as connection:
                    connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


if __name__ == "__main__":
    main()
