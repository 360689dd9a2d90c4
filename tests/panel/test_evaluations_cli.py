"""`python -m scoring evaluation ...` end to end, from create to decided, as the README shows."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from docx import Document
from sqlalchemy.engine import make_url

from documents.reading import full_text
from evaluations.audit_key import key_path
from evaluations.cli import main
from tests.panel.support import CRITERIA, SAMPLES, details_toml, good_reason

ROOT = Path(__file__).resolve().parents[2]
NORTHGATE, SWIFT = "NRP-2027-01", "SWO/26/114"


@pytest.fixture
def run(database_url, capsys, monkeypatch):
    """Run one verb in-process with --db and --json; (exit status, JSON or None, stderr)."""
    monkeypatch.setattr("evaluations.codes.wait_after", lambda failures, at: 0.0)

    def call(*argv: str, json_output: bool = True):
        status = main([*argv, "--db", database_url, *(["--json"] if json_output else [])])
        captured = capsys.readouterr()
        payload = json.loads(captured.out) if json_output and captured.out.strip() else None
        return status, payload, captured.err

    return call


def test_the_walk_through_from_create_to_decided(run, tmp_path, monkeypatch):
    status, created, _ = run("create", "Anyshire 2027", "--lead", "Lee")
    assert status == 0 and created["stage"] == "setup"
    evaluation, lead = str(created["evaluation"]), created["code"]
    codes = {}
    for name, role in (("Ann", "evaluator"), ("Bo", "evaluator"), ("Sue", "service_user"),
                       ("Obi", "observer")):
        status, member, _ = run("member", evaluation, "--name", name, "--role", role,
                                "--code", lead)
        assert status == 0 and member == {"member": name, "role": role, "code": member["code"]}
        codes[name] = member["code"]
    bad = tmp_path / "not-a-bid.xlsx"
    bad.write_bytes(b"not a workbook")
    status, added, _ = run("bids", evaluation, str(SAMPLES / "northgate.xlsx"),
                           str(SAMPLES / "swift_outcomes.xlsx"), str(bad), "--code", lead)
    assert status == 1  # one refused, the others kept
    assert [b["reference"] for b in added["bids"]] == [NORTHGATE, SWIFT, None]
    assert all(Path(b["source"]).is_absolute() for b in added["bids"])
    status, again, _ = run("bids", evaluation, str(SAMPLES / "northgate.xlsx"), "--code", lead)
    assert status == 1 and "already" in again["bids"][0]["errors"][-1]["message"]

    status, _, error = run("advance", evaluation, "--code", lead)
    assert status == 1 and "declares interests" in error
    for code in (lead, codes["Ann"], codes["Bo"], codes["Sue"]):
        assert run("declare", evaluation, "--code", code)[0] == 0
    assert run("advance", evaluation, "--code", lead)[1] == {"stage": "scoring"}

    for name, score in (("Ann", 1), ("Bo", 3)):
        for bid in (NORTHGATE, SWIFT):
            for area in CRITERIA:
                status, _, error = run("panel-score", evaluation, "--code", codes[name],
                                       "--bid", bid, "--area", area, "--score", str(score),
                                       "--comment", f"{name} on {area}")
                assert status == 0, error
        monkeypatch.setenv("SCORING_CODE", codes[name])  # the code from the environment
        status, submitted, _ = run("panel-score", evaluation, "--submit")
        monkeypatch.delenv("SCORING_CODE")
        assert status == 0 and submitted["submitted"] is True
    status, _, error = run("view", evaluation, "--code", codes["Sue"], "--bid", SWIFT,
                           "--area", "incentives", "--view", "serious_concern",
                           "--comment", "People will be pushed off their scripts")
    assert status == 0, error
    status, shown, _ = run("show", evaluation, "--code", codes["Sue"])
    assert shown["role"] == "service_user" and "£" not in json.dumps(shown, ensure_ascii=False)
    assert run("advance", evaluation, "--code", lead)[1] == {"stage": "moderation"}

    status, checked, _ = run("moderate", evaluation, "--code", lead, "--bid", SWIFT,
                             "--area", "incentives", "--score", "2", "--reason",
                             "Stronger than Northgate.", "--check")
    assert status == 0 and checked["saved"] is False
    assert any("compares bidders" in w for w in checked["warnings"])
    assert any("serious concern" in w for w in checked["warnings"])
    status, _, error = run("moderate", evaluation, "--code", lead, "--bid", SWIFT,
                           "--area", "incentives", "--score", "2", "--reason", "")
    assert status == 1 and "reason" in error
    for bid in (NORTHGATE, SWIFT):
        for area in CRITERIA:
            status, saved, _ = run("moderate", evaluation, "--code", lead, "--bid", bid,
                                   "--area", area, "--score", "2", "--reason",
                                       good_reason(bid, area))
            assert status == 0 and saved["saved"]
    status, shown, _ = run("show", evaluation, "--code", lead)
    assert {"role", "stage", "bids", "moderation", "ranking"} <= set(shown)
    assert run("advance", evaluation, "--code", lead)[1] == {"stage": "decided"}

    status, outcome, _ = run("show", evaluation, "--code", codes["Obi"])
    assert outcome["stage"] == "decided" and outcome["outcome"][0]["bid"] == NORTHGATE
    assert outcome["bids"] == []
    status, _, error = run("panel-score", evaluation, "--code", codes["Ann"], "--bid",
                           NORTHGATE, "--area", "balance", "--score", "4", "--comment", "x")
    assert status == 1 and "decided" in error

    out = tmp_path / "r"
    status, _, error = run("report", evaluation, "--code", lead, "--out", str(out))
    assert status == 1 and "Testshire" not in error  # refused: the award details are missing
    assert "nobody is named as decision-maker" in error
    assert "Northgate Recovery Partnership: postal address (registered office) missing" in error
    assert not out.exists()
    details = tmp_path / "details.toml"
    details.write_text(details_toml(concerns=((SWIFT, "incentives"),)))
    status, shown, error = run("details", evaluation, "--code", lead, "--file", str(details))
    assert status == 0, error
    assert shown["missing"] == [] and shown["details"]["contract"]["reference"] == "TC-2027-01"
    status, report, error = run("report", evaluation, "--code", lead, "--out", str(out))
    assert status == 0, error
    kinds = [d["kind"] for d in report["documents"]]
    assert kinds.count("assessment_summary") == 2
    assert {"moderation_record", "decision_record", "award_notice",
            "consultation_summary"} <= set(kinds)
    assert all(Path(d["path"]).is_file() and Path(d["path"]).is_absolute()
               for d in report["documents"])
    assert not any(d["path"].endswith("-DRAFT.docx") for d in report["documents"])

    status, log, _ = run("audit", evaluation)
    actions = [event["action"] for event in log["events"]]
    produced = next(e for e in log["events"] if e["action"] == "report_produced")
    for document in report["documents"]:  # each carries the chain head it was made from
        assert produced["data"]["audit_head"] in full_text(Document(document["path"]))
    notice = full_text(Document(next(d["path"] for d in report["documents"]
                                     if d["kind"] == "award_notice")))
    assert "Northgate Recovery Partnership" in notice
    # PSR (the default regime): published Friday 18 December 2026, the standstill begins on
    # Saturday 19 December and ends 8 working days after it, over Christmas and New Year.
    assert "Standstill ends: at midnight at the end of Monday 4 January 2027" in notice
    for expected in ("evaluation_created", "scheme_set", "member_added", "code_issued",
                     "interest_declared", "bid_added", "scheme_frozen", "score_saved",
                     "scores_submitted", "service_user_view_saved", "stage_moved",
                     "consensus_saved", "decision_made", "award_details_set",
                     "report_produced"):
        assert expected in actions
    status, verified, _ = run("audit", evaluation, "--verify")
    assert status == 0
    assert verified == {"events": len(actions), "verified": True, "first_bad_event": None,
                        "first_difference": None}


def test_wrong_codes_and_usage_errors_exit_1_and_2_without_a_traceback(run):
    _, created, _ = run("create", "T", "--lead", "Lee")
    evaluation = str(created["evaluation"])
    status, _, error = run("show", evaluation, "--code", "nope.nope")
    assert status == 1 and "not valid" in error and "Traceback" not in error
    status, _, error = run("member", evaluation, "--name", "X", "--role", "king",
                           "--code", created["code"])
    assert status == 2
    status, _, error = run("show", evaluation)
    assert status == 2 and "SCORING_CODE" in error
    status, _, error = run("show", "999", "--code", created["code"])
    assert status == 1
    status, _, error = run("audit", "999", "--verify")
    assert status == 2


def test_backup_and_restore_on_the_command_line(run, database_url, tmp_path, capsys):
    _, created, _ = run("create", "T", "--lead", "Lee")
    evaluation = str(created["evaluation"])
    out = tmp_path / "evaluations.backup"
    status, _, _ = run("backup", evaluation, "--out", str(out))
    assert status == 0 and out.is_file()
    assert run("backup", evaluation, "--out", str(out))[0] == 1  # never overwrites
    target = f"sqlite:///{tmp_path / 'restored.db'}"
    key = str(key_path(make_url(database_url)))  # kept apart from the backup
    assert main(["restore", str(out), "--db", target, "--json", "--audit-key", key]) == 0
    assert json.loads(capsys.readouterr().out)["verified"] is True
    assert main(["restore", str(out), "--db", target]) == 1  # not into a full database
    assert "empty" in capsys.readouterr().err
    assert main(["audit", evaluation, "--verify", "--db", target]) == 0


def test_scoring_hands_the_evaluation_verbs_over_without_importing_them_itself(tmp_path):
    probe = ("import sys, scoring.cli, scoring.batch, scoring.engine; "
             "print(any(m == 'evaluations' or m.startswith('evaluations.') "
             "for m in sys.modules))")
    assert subprocess.run([sys.executable, "-c", probe], cwd=ROOT, capture_output=True,
                          text=True, check=True).stdout.strip() == "False"
    done = subprocess.run([sys.executable, "-m", "scoring", "evaluation", "create", "Demo",
                           "--lead", "Lee", "--db", f"sqlite:///{tmp_path / 'e.db'}",
                           "--json"], cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["stage"] == "setup"


def test_an_evaluation_command_leaves_everything_in_the_database_file(tmp_path):
    """The command closes its database as it ends: no write-ahead log is left beside the
    file, so a copy of the file alone holds the evaluation."""
    database = tmp_path / "demo.db"
    done = subprocess.run([sys.executable, "-m", "scoring", "evaluation", "demo",
                           "--db", f"sqlite:///{database}"], cwd=ROOT, capture_output=True,
                          text=True)
    assert done.returncode == 0, done.stderr
    assert database.exists() and not (tmp_path / "demo.db-wal").exists()


def test_the_demo_loads_in_one_command_and_its_audit_verifies(run, tmp_path):
    status, demo, _ = run("demo")
    assert status == 0 and demo["stage"] == "moderation"
    roles = sorted(member["role"] for member in demo["members"])
    assert roles == ["evaluator"] * 3 + ["lead", "observer", "service_user"]
    evaluation, lead = str(demo["evaluation"]), demo["members"][0]["code"]
    status, report, error = run("report", evaluation, "--code", lead, "--out", str(tmp_path))
    assert status == 0, error
    assert len(report["documents"]) == 4 + 6 + 1  # with the Find a Tender sheet
    assert all(d["path"].endswith("-DRAFT.docx") for d in report["documents"])
    status, details, _ = run("details", evaluation, "--code", lead)
    missing = details["missing"]  # what the panel still has to do, and nothing else
    assert missing[0] == "the evaluation is not decided yet (it is in moderation)"
    drafted = ("the reasons for selecting the provider were drafted by the tool and not yet "
               "made the decision-makers' own")
    assert drafted in missing
    # the rest: scores still to agree, and serious service-user concerns (raised where the
    # rules raise a red flag) that the agreed reason must answer
    assert all(p.endswith(("no agreed score and reason", "the reason must answer it"))
               for p in missing[1:] if p != drafted)
    status, details, _ = run("details", evaluation, "--code", lead,
                             "--publication-date", "2027-01-08")
    assert status == 0 and details["details"]["publication_date"] == "2027-01-08"
    assert not any("publication date" in p for p in details["missing"])
    status, _, error = run("details", evaluation, "--code", lead,
                           "--publication-date", "2027-01-09")  # a Saturday
    assert status == 1 and "Saturday 9 January 2027 is a weekend" in error
    assert run("details", evaluation, "--code", lead, "--publication-date", "soon")[0] == 2
    assert run("audit", evaluation, "--verify")[1]["verified"]
