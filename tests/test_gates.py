"""Gates: minimum requirements a bid cannot buy back with strengths elsewhere."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from pydantic import ValidationError

from scoring.batch import report_for
from scoring.engine import load_rules, score_bid
from scoring.evidence import EVIDENCE
from scoring.ranking import leaders, minimum_requirements, ranking, top_bid_sensitivity
from scoring.reader import read_bid
from scoring.rulebook import Area, Rule
from scoring.scheme import (
    DEFAULT_AREA_WEIGHTS,
    DEFAULT_SCHEME,
    EvaluationScheme,
    Gate,
    SchemeError,
    load_scheme,
)
from tests.bidfiles import write_bid

SAMPLES = Path(__file__).resolve().parent.parent / "sample_tenders"
RULE_IDS = {rule.id for rule in load_rules()}


def no_naloxone(folder: Path):
    """The balanced Northgate bid without take-home naloxone: strong everywhere else."""
    path = write_bid(folder, "no_naloxone.xlsx",
                     answers={"safety.naloxone_supply": "No", "provider.name": "Nightwater Care"})
    return report_for(read_bid(path))


def samples():
    return [report_for(read_bid(path)) for path in sorted(SAMPLES.glob("*.xlsx"))]


# ------------------------------------------------------------------ the scheme


def test_default_gates_are_the_four_minimum_requirements_each_with_its_evidence():
    gates = DEFAULT_SCHEME.gates
    assert [gate.rule for gate in gates] == ["BAL-01", "BAL-02", "INC-08", "SAF-01"]
    for gate in gates:
        assert gate.rule in RULE_IDS
        assert gate.requirement and gate.reason
        assert gate.evidence and all(key in EVIDENCE for key in gate.evidence)


def test_a_gate_must_name_a_rule_id_and_known_evidence():
    with pytest.raises(ValidationError, match="not a rule id"):
        EvaluationScheme(gates=["naloxone"])
    with pytest.raises(ValidationError, match="unknown evidence"):
        Gate(rule="SAF-02", evidence=("R-NOWHERE",))
    with pytest.raises(ValidationError, match="one gate only"):
        EvaluationScheme(gates=["SAF-01", "SAF-01"])


def test_a_gate_given_by_id_is_the_published_gate_or_a_bare_one():
    scheme = EvaluationScheme(gates=["SAF-01", "SAF-02"])
    published, bare = scheme.gates
    assert published == DEFAULT_SCHEME.gates[3]
    assert bare == Gate(rule="SAF-02")


def test_changing_the_weights_keeps_the_gates():
    scheme = EvaluationScheme(gates=["SAF-02"]).with_area_weights({Area.voice: 50})
    assert [gate.rule for gate in scheme.gates] == ["SAF-02"]


# ------------------------------------------------------------------ the scorecard


def test_a_red_flag_on_a_gate_rule_fails_the_gate_in_words(tmp_path):
    card = no_naloxone(tmp_path).scorecard
    assert card.gates_failed == ("SAF-01",)
    assert not card.passes_gates
    assert minimum_requirements(card) == "Fails a minimum requirement: No take-home naloxone"
    failure = card.gate_failures[0]
    assert failure.requirement == "Take-home naloxone is supplied"


def test_a_time_cap_a_reduction_plan_at_entry_and_prescription_sanctions_each_fail_a_gate():
    swift = report_for(read_bid(SAMPLES / "swift_outcomes.xlsx")).scorecard
    assert swift.gates_failed == ("BAL-01", "BAL-02", "INC-08")
    assert "Time on OST is capped at 24 months" in minimum_requirements(swift)


def test_a_bid_with_no_red_on_a_gate_rule_meets_every_minimum_requirement():
    northgate = report_for(read_bid(SAMPLES / "northgate.xlsx")).scorecard
    assert northgate.gates_failed == () and northgate.passes_gates
    assert minimum_requirements(northgate) == "Meets every minimum requirement"


def test_a_gate_rule_that_cannot_run_fails_the_gate_and_says_so(bid_file):
    def broken(bid):
        raise KeyError("no such answer")

    rules = [rule if rule.id != "SAF-01" else
             Rule("SAF-01", Area.safety, "Take-home naloxone", "R", "S", ("R-ACMD16",), broken)
             for rule in load_rules()]
    card = score_bid(read_bid(bid_file()).bid, rules=rules)
    assert card.gates_failed == ("SAF-01",)
    assert "could not run on this bid" in minimum_requirements(card)


def test_the_overall_score_stays_what_the_weights_make_it(tmp_path):
    card = no_naloxone(tmp_path).scorecard
    no_gates = card.reweighted(EvaluationScheme(gates=[]))
    assert no_gates.overall == card.overall
    assert no_gates.passes_gates


def test_the_scheme_decides_the_gates(tmp_path):
    card = no_naloxone(tmp_path).scorecard
    assert card.reweighted(EvaluationScheme(gates=["BAL-01"])).passes_gates
    swift = report_for(read_bid(SAMPLES / "swift_outcomes.xlsx")).scorecard
    assert swift.reweighted(EvaluationScheme(gates=["SAF-06"])).gates_failed == ("SAF-06",)


# ------------------------------------------------------------------ the ranking


def test_gate_failure_ranks_below_every_passing_bid(tmp_path):
    failing = no_naloxone(tmp_path)
    ranked = ranking([failing, *samples()], DEFAULT_SCHEME)
    providers = [entry.scorecard.provider for entry in ranked]
    assert providers[-2:] == ["Nightwater Care", "Swift Outcomes Ltd"]
    assert [entry.rank for entry in ranked] == [1, 2, 3, 4, 5, 6, 7]
    nightwater = ranked[-2].scorecard
    assert nightwater.overall > ranked[1].scorecard.overall  # second on score alone


def test_without_gates_the_same_bid_ranks_by_its_score(tmp_path):
    ranked = ranking([no_naloxone(tmp_path), *samples()], EvaluationScheme(gates=[]))
    assert [entry.scorecard.provider for entry in ranked][:2] == [
        "Northgate Recovery Partnership", "Nightwater Care"]


def test_failing_bids_are_ranked_among_themselves_by_overall_score(tmp_path):
    ranked = ranking([*samples(), no_naloxone(tmp_path)], DEFAULT_SCHEME)
    failing = [entry for entry in ranked if not entry.scorecard.passes_gates]
    assert [entry.scorecard.overall for entry in failing] == sorted(
        (entry.scorecard.overall for entry in failing), reverse=True)


def test_no_weights_put_a_gate_failing_bid_on_top_while_a_bid_passes(tmp_path):
    nightwater, steadfast = no_naloxone(tmp_path), report_for(read_bid(SAMPLES / "steadfast.xlsx"))
    ranked = ranking([nightwater, steadfast], DEFAULT_SCHEME)
    assert ranked[0].scorecard.provider == "Steadfast Maintenance Service"
    assert leaders(ranked, DEFAULT_AREA_WEIGHTS) == (0,)
    assert all(result.top_holds
               for result in top_bid_sensitivity(ranked, DEFAULT_AREA_WEIGHTS, spread=50))


def test_when_every_bid_fails_a_gate_the_best_score_leads(tmp_path):
    swift = report_for(read_bid(SAMPLES / "swift_outcomes.xlsx"))
    ranked = ranking([swift, no_naloxone(tmp_path)], DEFAULT_SCHEME)
    assert ranked[0].scorecard.provider == "Nightwater Care"
    assert leaders(ranked, DEFAULT_AREA_WEIGHTS) == (0,)


def test_a_ranked_bid_reports_its_rank_and_gates_in_json(tmp_path):
    ranked = ranking([no_naloxone(tmp_path)], EvaluationScheme(gates=["SAF-01", "SAF-02"]))
    entry = ranked[0].to_json()
    assert entry["rank"] == 1 and entry["gates_failed"] == ["SAF-01"]


# ------------------------------------------------------------------ scheme files


def test_a_scheme_file_in_toml_changes_the_gates_and_some_weights(tmp_path):
    path = tmp_path / "scheme.toml"
    path.write_text('name = "Northshire 2027"\ngates = ["SAF-01", "SAF-02"]\n'
                    '[area_weights]\nvoice = 30\n')
    scheme = load_scheme(path, RULE_IDS)
    assert scheme.name == "Northshire 2027"
    assert [gate.rule for gate in scheme.gates] == ["SAF-01", "SAF-02"]
    assert scheme.area_weights == {**DEFAULT_AREA_WEIGHTS, Area.voice: 30}
    assert scheme.rule_weights == DEFAULT_SCHEME.rule_weights


def test_a_scheme_file_in_json_can_remove_every_gate(tmp_path):
    path = tmp_path / "scheme.json"
    path.write_text(json.dumps({"gates": []}))
    assert load_scheme(path, RULE_IDS).gates == ()


@pytest.mark.parametrize("text, complaint", [
    ('gates = ["SAF-99"]', "no such rule: SAF-99"),
    ('gates = ["naloxone"]', "not a rule id"),
    ('[area_weights]\nvoice = -1', "cannot be negative"),
    ('[area_weights]\nkindness = 5', "area_weights.kindness"),
    ('gatez = ["SAF-01"]', "gatez"),
    ('gates = [', "not a valid TOML or JSON scheme"),
    ("gates = \"SAF-01\"", "a list of rule ids"),
])
def test_a_bad_scheme_file_is_refused_naming_the_file_and_the_problem(tmp_path, text, complaint):
    path = tmp_path / "scheme.toml"
    path.write_text(text)
    with pytest.raises(SchemeError, match=complaint) as refused:
        load_scheme(path, RULE_IDS)
    assert str(refused.value).startswith(f"{path}: ")


def test_a_missing_scheme_file_is_refused_naming_it(tmp_path):
    with pytest.raises(SchemeError, match="cannot read the scheme file"):
        load_scheme(tmp_path / "nowhere.toml", RULE_IDS)
