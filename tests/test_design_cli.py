"""`python -m scoring design` and `template --design`, end to end."""

from __future__ import annotations

import json
import shutil

from scoring.reader import read_design
from tests.test_cli import ROOT, run

DESIGNS = ROOT / "sample_tenders" / "designs"


def test_design_json_gives_each_design_its_verdict_figures_flags_and_suggestions():
    completed = run("design", DESIGNS, "--json")
    assert completed.returncode == 0, completed.stderr
    designs = {d["source"].rsplit("/", 1)[-1]: d for d in json.loads(completed.stdout)["designs"]}
    assert set(designs) == {"pilot_half_at_risk.xlsx", "exit_targets_with_penalties.xlsx",
                            "block_with_protective_incentives.xlsx"}
    exits = designs["exit_targets_with_penalties.xlsx"]
    assert exits["verdict"] == "rewards_push" and exits["level"] == "red"
    assert exits["p_gain"] == 1.0 and exits["mean_gain_pct"] > 5
    low, central, high = (exits["income_gain_pct"][k] for k in ("low", "central", "high"))
    assert low < central < high
    assert {"rule", "severity", "message", "cells"} <= set(exits["flags"][0])
    top = exits["suggestions"][0]
    assert {"change", "verdict", "level", "p_gain", "mean_gain_pct", "robust",
            "income_gain_pct", "extra_deaths", "holding_level"} <= set(top)
    assert top["verdict"] != "rewards_push" and top["robust"] is True
    assert designs["block_with_protective_incentives.xlsx"]["suggestions"] == []


def test_a_refused_design_is_listed_and_the_exit_status_is_1(tmp_path):
    shutil.copy(DESIGNS / "pilot_half_at_risk.xlsx", tmp_path)
    (tmp_path / "broken.xlsx").write_bytes(b"not a workbook")
    completed = run("design", tmp_path, "--json")
    assert completed.returncode == 1
    by_name = {d["source"].rsplit("/", 1)[-1]: d for d in json.loads(completed.stdout)["designs"]}
    assert by_name["broken.xlsx"]["verdict"] is None and by_name["broken.xlsx"]["errors"]
    assert by_name["pilot_half_at_risk.xlsx"]["verdict"] == "rewards_push"  # per-client tariffs


def test_a_missing_path_is_a_usage_error():
    completed = run("design", "no/such/folder")
    assert completed.returncode == 2 and "no such file or folder" in completed.stderr


def test_the_table_names_the_verdict_and_numbers_the_suggestions():
    completed = run("design", DESIGNS / "exit_targets_with_penalties.xlsx")
    assert completed.returncode == 0, completed.stderr
    assert ("Verdict: rewards push (red); pushing pays in 100% of the joint draws"
            in completed.stdout)
    assert "  1. Move the 40% paid on exits" in completed.stdout


def test_template_design_writes_a_blank_design_workbook(tmp_path):
    out = tmp_path / "design.xlsx"
    completed = run("template", "--design", out)
    assert completed.returncode == 0, completed.stderr
    errors = read_design(out).errors  # blank: only the commissioner's answers are missing
    assert [error.cell for error in errors] == [
        "Bid!C3", "Bid!C4", "Bid!C5", "Bid!C6", "Bid!C7", "Payment!A2"]


def test_params_and_draws_change_the_run_as_for_stress(tmp_path):
    params = tmp_path / "params.toml"
    params.write_text("push_multiplier = 8\n")
    completed = run("design", DESIGNS / "pilot_half_at_risk.xlsx", "--json",
                    "--params", params, "--draws", "200")
    assert completed.returncode == 0, completed.stderr
    document = json.loads(completed.stdout)
    assert document["draws"] == 200
    assert document["assumptions"]["push_multiplier"] == 8
    default = json.loads(run("design", DESIGNS / "pilot_half_at_risk.xlsx", "--json",
                             "--draws", "200").stdout)
    assert (document["designs"][0]["income_gain_pct"]["central"]
            != default["designs"][0]["income_gain_pct"]["central"])


def test_a_bad_params_file_is_a_usage_error(tmp_path):
    params = tmp_path / "params.toml"
    params.write_text("push_multiplier = 12\n")
    completed = run("design", DESIGNS, "--params", params)
    assert completed.returncode == 2
    assert "push_multiplier: must be from 2 to 8" in completed.stderr
