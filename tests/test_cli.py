"""The command line, end to end, as scripts and other councils' tooling call it."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "sample_tenders"
AREAS = {"balance", "incentives", "mutual_aid", "recovery_capital", "safety", "voice"}


def run(*args, cwd=ROOT):
    return subprocess.run([sys.executable, "-m", "scoring", *map(str, args)], cwd=cwd,
                          capture_output=True, text=True, timeout=120)


@pytest.fixture(scope="module")
def sample_json():
    completed = run("score", SAMPLES, "--json")
    assert completed.returncode == 0, completed.stderr
    return json.loads(completed.stdout)


def test_json_follows_the_contract(sample_json):
    bids = sample_json["bids"]
    assert len(bids) == 6
    for bid in bids:
        # `rule_errors` extends the contract: a rule that could not run, never a silent no-flag.
        assert set(bid) == {"source", "provider", "reference", "overall", "areas", "flags",
                            "rule_errors", "errors", "warnings"}
        assert bid["rule_errors"] == []
        assert set(bid["areas"]) == AREAS
        assert all(0 <= score <= 100 for score in bid["areas"].values())
        assert 0 <= bid["overall"] <= 100
        for flag in bid["flags"]:
            assert set(flag) == {"rule", "area", "severity", "message", "cells"}
            assert flag["severity"] in {"red", "amber"} and flag["area"] in AREAS
            assert flag["cells"] and all("!" in cell for cell in flag["cells"])
        assert bid["errors"] == []


def by_provider(sample_json, provider):
    return next(bid for bid in sample_json["bids"] if bid["provider"] == provider)


def test_target_driven_sample_carries_a_red_incentives_flag(sample_json):
    swift = by_provider(sample_json, "Swift Outcomes Ltd")
    assert any(f["severity"] == "red" and f["area"] == "incentives" for f in swift["flags"])


def test_balanced_sample_carries_no_flag(sample_json):
    assert by_provider(sample_json, "Northgate Recovery Partnership")["flags"] == []


def test_balanced_sample_ranks_first_and_target_driven_last(sample_json):
    ranked = sorted(sample_json["bids"], key=lambda bid: -bid["overall"])
    assert ranked[0]["provider"] == "Northgate Recovery Partnership"
    assert ranked[-1]["provider"] == "Swift Outcomes Ltd"


def test_a_refused_file_is_listed_and_the_others_still_scored(tmp_path):
    shutil.copy(SAMPLES / "northgate.xlsx", tmp_path / "northgate.xlsx")
    (tmp_path / "broken.xlsx").write_bytes(b"provider,score\n")
    completed = run("score", tmp_path, "--json")
    assert completed.returncode == 1
    assert "Traceback" not in completed.stderr
    bids = {Path(bid["source"]).name: bid for bid in json.loads(completed.stdout)["bids"]}
    assert bids["northgate.xlsx"]["overall"] is not None
    broken = bids["broken.xlsx"]
    assert broken["overall"] is None and broken["areas"] is None
    assert broken["errors"][0]["cell"] is None
    assert "CSV" in broken["errors"][0]["message"]


def test_cell_errors_reach_the_json(tmp_path):
    from tests.bidfiles import write_bid

    path = write_bid(tmp_path, answers={"safety.naloxone_supply": "Perhaps"})
    completed = run("score", path, "--json")
    assert completed.returncode == 1
    errors = json.loads(completed.stdout)["bids"][0]["errors"]
    assert errors == [{"cell": "Safety!C2",
                       "message": "safety.naloxone_supply: expected Yes or No, found 'Perhaps'"}]


def test_table_output_lists_every_bid_and_its_flags():
    completed = run("score", SAMPLES)
    assert completed.returncode == 0
    for provider in ("Northgate Recovery Partnership", "Swift Outcomes Ltd",
                     "Dales Community Drug and Alcohol Service"):
        assert provider in completed.stdout
    assert "RED    INC-04" in completed.stdout


def test_table_output_names_file_and_cell_of_an_error(tmp_path):
    from tests.bidfiles import write_bid

    path = write_bid(tmp_path, answers={"contract.term_years": 99})
    completed = run("score", path)
    assert completed.returncode == 1
    assert f"{path}, Bid!C8: contract.term_years: expected a number, at most 15" in (
        completed.stdout)


@pytest.mark.parametrize("args", [(), ("score",), ("score", "no/such/file.xlsx"),
                                  ("frobnicate",), ("template",)])
def test_usage_errors_exit_2_without_traceback(args):
    completed = run(*args)
    assert completed.returncode == 2
    assert "Traceback" not in completed.stderr


def test_template_command_writes_the_blank_workbook(tmp_path):
    out = tmp_path / "bid-template.xlsx"
    completed = run("template", out)
    assert completed.returncode == 0
    assert out.exists()
    assert run("score", out, "--json").returncode == 1  # blank: required answers missing
