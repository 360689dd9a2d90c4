"""The command line, end to end, as scripts and other councils' tooling call it."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.bidfiles import SAMPLE_PROVIDERS

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
                            "errors", "warnings", "gates_failed", "rank", "rule_errors"}
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


def test_bids_are_listed_in_ranked_order_with_their_rank(sample_json):
    bids = sample_json["bids"]
    assert [bid["rank"] for bid in bids] == [1, 2, 3, 4, 5, 6]
    assert [bid["provider"] for bid in bids] == SAMPLE_PROVIDERS


def test_each_bid_lists_the_gates_it_fails(sample_json):
    assert by_provider(sample_json, "Swift Outcomes Ltd")["gates_failed"] == [
        "BAL-01", "BAL-02", "INC-08"]
    assert by_provider(sample_json, "Northgate Recovery Partnership")["gates_failed"] == []


@pytest.fixture(scope="module")
def with_gate_failure(tmp_path_factory):
    """The samples and Nightwater Care: Northgate's bid without take-home naloxone."""
    from tests.bidfiles import write_bid

    folder = tmp_path_factory.mktemp("bids")
    for path in SAMPLES.glob("*.xlsx"):
        shutil.copy(path, folder / path.name)
    write_bid(folder, "nightwater.xlsx",
              answers={"safety.naloxone_supply": "No", "provider.name": "Nightwater Care"})
    return folder


def test_gate_failure_ranks_below_every_passing_bid_in_the_json(with_gate_failure):
    completed = run("score", with_gate_failure, "--json")
    assert completed.returncode == 0, completed.stderr
    bids = json.loads(completed.stdout)["bids"]
    assert [(bid["provider"], bid["rank"], bid["gates_failed"]) for bid in bids[-2:]] == [
        ("Nightwater Care", 6, ["SAF-01"]),
        ("Swift Outcomes Ltd", 7, ["BAL-01", "BAL-02", "INC-08"]),
    ]
    assert bids[-2]["overall"] > bids[1]["overall"]  # its score alone would put it second


def test_gate_failure_ranks_below_every_passing_bid_in_the_table(with_gate_failure):
    completed = run("score", with_gate_failure)
    assert completed.returncode == 0
    rows = completed.stdout.splitlines()[2:9]
    assert [row.split()[0] for row in rows] == ["1", "2", "3", "4", "5", "6", "7"]
    assert "Nightwater Care" in rows[5] and rows[5].endswith("FAILS: No take-home naloxone")
    assert "SAF-01" not in rows[5]  # the headline is words; the rule id is in the details
    assert rows[0].endswith("met")
    assert ("FAILS  Fails a minimum requirement: No take-home naloxone. "
            "Required: Take-home naloxone is supplied. (rule SAF-01)") in completed.stdout


def test_a_scheme_file_changes_the_gates(with_gate_failure, tmp_path):
    scheme = tmp_path / "scheme.toml"
    scheme.write_text('name = "No naloxone gate"\ngates = ["BAL-01"]\n')
    completed = run("score", with_gate_failure, "--json", "--scheme", scheme)
    assert completed.returncode == 0, completed.stderr
    bids = json.loads(completed.stdout)["bids"]
    assert [bid["provider"] for bid in bids][:2] == [
        "Northgate Recovery Partnership", "Nightwater Care"]
    assert bids[-1]["gates_failed"] == ["BAL-01"]


def test_a_bad_scheme_file_is_a_usage_error_naming_the_file(tmp_path):
    scheme = tmp_path / "scheme.toml"
    scheme.write_text('gates = ["SAF-99"]\n')
    completed = run("score", SAMPLES, "--scheme", scheme)
    assert completed.returncode == 2
    assert "Traceback" not in completed.stderr
    assert f"error: {scheme}: no such rule: SAF-99" in completed.stderr


def test_a_refused_file_is_listed_and_the_others_still_scored(tmp_path):
    shutil.copy(SAMPLES / "northgate.xlsx", tmp_path / "northgate.xlsx")
    (tmp_path / "broken.xlsx").write_bytes(b"provider,score\n")
    completed = run("score", tmp_path, "--json")
    assert completed.returncode == 1
    assert "Traceback" not in completed.stderr
    listed = json.loads(completed.stdout)["bids"]
    assert [Path(bid["source"]).name for bid in listed] == ["northgate.xlsx", "broken.xlsx"]
    bids = {Path(bid["source"]).name: bid for bid in listed}
    assert bids["northgate.xlsx"]["overall"] is not None
    broken = bids["broken.xlsx"]
    assert broken["overall"] is None and broken["areas"] is None
    assert broken["rank"] is None and broken["gates_failed"] is None
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
    assert ("RED    'Long-term OST exit bonus' pays for exits of people on long-term OST "
            "(10% of the value)  [Payment!F4, Payment!C4; rule INC-04]") in completed.stdout


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


def test_the_table_names_areas_and_failed_requirements_in_words():
    header, *_ = run("score", SAMPLES).stdout.splitlines()
    assert "Recovery capital" in header and "Mutual aid" in header and "RecCap" not in header
