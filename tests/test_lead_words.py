"""Lead and evaluator pages in words (`scoring.words`): no codes, every item, names as typed."""

from __future__ import annotations

import re

import pytest

from app_pages.panel.state import sentence
from evaluations import services, sessions, views
from evaluations.demo import load_demo
from evaluations.process import Refused, Stage
from evaluations.store import open_store, unit_of_work
from scoring.words import AREA_NAMES, area_name, event_sentence, listed_by_bid
from tests.panel.support import build_panel, to_stage

CODE = re.compile(r"\b[a-z]+_[a-z_]+\b|\b[A-Z]{3}-\d{2}\b|[{}]")


def test_a_message_keeps_names_as_typed():
    assert sentence("moderation opens when every evaluator has submitted; waiting for "
                    "Priya Shah") == ("Moderation opens when every evaluator has submitted; "
                                      "waiting for Priya Shah")


def test_every_area_has_a_name_in_words():
    assert area_name("mutual_aid") == "Mutual aid and the recovery community"
    assert set(AREA_NAMES) == {"balance", "incentives", "mutual_aid", "recovery_capital",
                               "safety", "voice"}


def test_missing_items_are_listed_in_full_grouped_by_bid():
    pairs = [(bid, area) for bid in ("A-1", "B-2") for area in AREA_NAMES] * 3
    lines = listed_by_bid(pairs, {"A-1": "Alpha", "B-2": "Beta"}, {})
    assert len(lines) == 2 and lines[0].startswith("Alpha: ")
    assert all(line.count(",") == 6 * 3 - 1 for line in lines)  # every item, none cut


def test_submitting_early_names_every_missing_score_in_words(tmp_path):
    panel = to_stage(build_panel(open_store(f"sqlite:///{tmp_path / 'w.db'}")),
                     Stage.scoring)
    with panel.write() as uow, pytest.raises(Refused) as refused:
        services.submit(uow, panel.a)
    message = str(refused.value)
    assert "Northgate Recovery Partnership: Recovery and maintenance in balance" in message
    assert "Swift Outcomes Ltd: " in message and message.count("Service-user voice") == 2
    assert not CODE.search(message) and "/" not in message


def test_every_event_of_the_demo_reads_as_a_sentence(tmp_path):
    engine = open_store(f"sqlite:///{tmp_path / 'demo.db'}")
    loaded = load_demo(engine)
    lead = next(m for m in loaded["members"] if m["role"] == "lead")
    with unit_of_work(engine, write=False) as uow:
        member = sessions.check_code(engine, loaded["evaluation"], lead["code"]).member_id
        log = views.audit_log(uow, member)
    said = [event_sentence(e, log["bids"], log["parts"]) for e in log["events"]]
    assert len(said) == len(log["events"]) > 50
    for line in said:
        assert line.endswith((".", "”.")) and not CODE.search(line), line
        assert line[0].isupper(), line
    assert any("Priya Shah scored " in line for line in said)
