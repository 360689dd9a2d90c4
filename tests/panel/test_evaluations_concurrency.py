"""Saving at once from several processes, and a writer killed mid-write: nothing lost."""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

from sqlalchemy import func, select

from evaluations import audit
from evaluations.models import AuditEvent, BidFile, PanelScore
from evaluations.process import Stage
from tests.panel.support import CRITERIA, to_stage

ROOT = Path(__file__).resolve().parents[2]


def _worker(url: str, member: int, start_at: float, rounds: int, bids,
            tag: str = "") -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "tests.panel.worker", url, str(member), str(start_at),
         str(rounds), *bids],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        env={**os.environ, "WORKER_TAG": tag})


def _url(panel) -> str:
    return panel.engine.url.render_as_string(hide_password=False)


def _acks(output: str) -> list[tuple[str, str, int]]:
    return [(bid, criterion, int(n)) for _, bid, criterion, n in
            (line.split() for line in output.splitlines()
             if line.startswith("ack ") and len(line.split()) == 4)]


def test_processes_saving_at_the_same_moment_lose_nothing(panel):
    to_stage(panel, Stage.scoring)
    start_at = time.time() + 2.0  # every worker has imported everything by then
    workers = [_worker(_url(panel), member, start_at, 2, panel.bids)
               for member in (panel.a, panel.b, panel.a)]  # A twice: two tabs at once
    outputs = [worker.communicate(timeout=120) for worker in workers]
    assert [worker.returncode for worker in workers] == [0, 0, 0], outputs
    with panel.read() as uow:
        rows = uow.session.execute(select(PanelScore.member_id, PanelScore.bid_id,
                                          PanelScore.criterion)).all()
        submitted = uow.session.scalar(select(func.count()).where(
            AuditEvent.evaluation_id == panel.evaluation,
            AuditEvent.action == "scores_submitted"))
        saves = uow.session.scalar(select(func.count()).where(
            AuditEvent.evaluation_id == panel.evaluation, AuditEvent.action == "score_saved"))
        assert audit.verify(uow.session, panel.evaluation).verified
    assert len(rows) == len(set(rows)) == 2 * len(panel.bids) * len(CRITERIA)
    assert submitted == 2  # a double submit (and a second tab's) is harmless
    assert saves == sum(len(_acks(out)) for out, _ in outputs)


def test_a_writer_killed_mid_write_loses_no_acknowledged_save(panel):
    to_stage(panel, Stage.scoring)
    acked: dict[tuple[str, str], str] = {}  # each cell's last acknowledged comment
    every_ack: list[str] = []
    for run in range(4):
        worker = _worker(_url(panel), panel.a, 0, 0, panel.bids, tag=str(run))
        first = worker.stdout.readline()  # it is writing now
        time.sleep(random.uniform(0.05, 0.4))
        os.kill(worker.pid, signal.SIGKILL)
        rest, _ = worker.communicate(timeout=30)
        for bid, criterion, n in _acks(first + rest):
            acked[bid, criterion] = f"save {run}-{n}"
            every_ack.append(f"save {run}-{n}")
    assert len(every_ack) > 4
    with panel.read() as uow:
        logged = {json.loads(data)["comment"] for (data,) in uow.session.execute(
            select(AuditEvent.data).where(AuditEvent.action == "score_saved"))}
        current = {(bid, criterion): comment for bid, criterion, comment in uow.session.execute(
            select(BidFile.reference, PanelScore.criterion, PanelScore.comment)
            .join(BidFile, BidFile.id == PanelScore.bid_id))}
        assert audit.verify(uow.session, panel.evaluation).verified
        if uow.dialect == "sqlite":
            check = uow.session.connection().exec_driver_sql("PRAGMA integrity_check").scalar()
            assert check == "ok"
    assert set(every_ack) <= logged
    for cell, comment in acked.items():  # the acknowledged value, or a later save
        run, n = map(int, comment.removeprefix("save ").split("-"))
        now_run, now_n = map(int, current[cell].removeprefix("save ").split("-"))
        assert (now_run, now_n) >= (run, n)
