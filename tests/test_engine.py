"""The engine: rule discovery and its refusals, scoring, weights, broken rules."""

from __future__ import annotations

import textwrap
import uuid

import pytest

from scoring.engine import RuleRegistryError, load_rules, score_bid
from scoring.evidence import EVIDENCE
from scoring.reader import read_bid
from scoring.rulebook import Area, Finding, Rule, amber
from scoring.scheme import DEFAULT_SCHEME, EvaluationScheme

GOOD_RULE = """
from scoring.rulebook import Area, Finding, Rule

def check(bid):
    return Finding(1.0, "fine")

RULE = Rule(id="{rule_id}", area=Area.voice, title="T", rationale="R", stronger_bid="S",
            evidence=("R-BLACK",), check=check)
"""


def make_rule_package(root, name, modules):
    package = root / name
    package.mkdir()
    (package / "__init__.py").write_text("")
    for module, source in modules.items():
        (package / f"{module}.py").write_text(textwrap.dedent(source))
    return name


@pytest.fixture
def rule_package(tmp_path, monkeypatch):
    monkeypatch.syspath_prepend(str(tmp_path))

    def make(modules):
        # A fresh name each time: Python caches imported packages by name.
        return make_rule_package(tmp_path, f"rules_under_test_{uuid.uuid4().hex}", modules)

    yield make
    load_rules.cache_clear()


def test_rules_are_discovered_from_their_modules(rule_package):
    package = rule_package({"one": GOOD_RULE.format(rule_id="VOI-91"),
                            "two": GOOD_RULE.format(rule_id="VOI-92")})
    assert [rule.id for rule in load_rules(package)] == ["VOI-91", "VOI-92"]


def test_a_duplicate_rule_id_is_refused(rule_package):
    package = rule_package({"one": GOOD_RULE.format(rule_id="VOI-91"),
                            "two": GOOD_RULE.format(rule_id="VOI-91")})
    with pytest.raises(RuleRegistryError, match="VOI-91 is declared twice"):
        load_rules(package)


def test_a_module_without_a_rule_is_refused(rule_package):
    package = rule_package({"empty": "def check(bid):\n    return None\n"})
    with pytest.raises(RuleRegistryError, match="declares no RULE"):
        load_rules(package)


@pytest.mark.parametrize(
    ("change", "complaint"),
    [
        (('rationale="R"', 'rationale=" "'), "has no rationale"),
        (('evidence=("R-BLACK",)', "evidence=()"), "cites no evidence"),
        (('evidence=("R-BLACK",)', 'evidence=("R-MADE-UP",)'), "unknown evidence"),
        (("check=check", "check=None"), "has no check function"),
        (('id="VOI-91"', 'id="rule one"'), "is not like 'INC-03'"),
    ],
)
def test_a_rule_with_missing_metadata_is_refused(rule_package, change, complaint):
    old, new = change
    source = GOOD_RULE.format(rule_id="VOI-91").replace(old, new)
    package = rule_package({"broken": source})
    with pytest.raises(RuleRegistryError, match=complaint):
        load_rules(package)


def test_every_shipped_rule_has_rationale_evidence_and_a_known_area():
    rules = load_rules()
    assert len(rules) >= 40
    for rule in rules:
        assert rule.rationale.strip() and rule.stronger_bid.strip() and rule.title.strip()
        assert rule.evidence and all(key in EVIDENCE for key in rule.evidence)
    assert {rule.area for rule in rules} == set(Area)


def _bid(path):
    return read_bid(path).bid


def test_a_rule_that_raises_becomes_an_error_and_the_scorecard_still_renders(bid_file):
    def broken(bid):
        raise KeyError("no such answer")

    rules = [*load_rules(), Rule("VOI-99", Area.voice, "Broken", "R", "S", ("R-BLACK",), broken)]
    card = score_bid(_bid(bid_file()), rules=rules)
    failed = [o for o in card.outcomes if o.error]
    assert [(o.rule.id, o.error) for o in failed] == [("VOI-99", "KeyError: 'no such answer'")]
    assert card.areas[Area.voice] == 100.0
    assert card.overall is not None


def test_area_score_is_the_weighted_mean_of_its_rules(bid_file):
    def half(bid):
        return Finding(0.5, "half", (amber("half", "Voice!C2"),))

    def skipped(bid):
        return Finding(None, "does not apply")

    rules = [Rule("VOI-91", Area.voice, "T", "R", "S", ("R-BLACK",), half),
             Rule("VOI-92", Area.voice, "T", "R", "S", ("R-BLACK",), skipped)]
    card = score_bid(_bid(bid_file()), rules=rules)
    assert card.areas[Area.voice] == 50.0
    assert card.areas[Area.safety] is None
    assert card.overall == 50.0


def test_rule_weights_come_from_the_scheme(bid_file):
    card = score_bid(_bid(bid_file(answers={"ost.max_duration_months": 24})))
    # BAL-01 counts double among the eleven balance rules (weights 2 + 10 x 1).
    assert card.areas[Area.balance] == pytest.approx(100 * 10 / 12, abs=0.05)
    equal = EvaluationScheme(rule_weights={})
    assert card.reweighted(equal).areas[Area.balance] == pytest.approx(100 * 10 / 11, abs=0.05)


def test_overall_weights_the_areas_and_a_scheme_can_replace_them(bid_file):
    card = score_bid(_bid(bid_file(answers={"safety.naloxone_supply": "No"})))
    safety_only = DEFAULT_SCHEME.with_area_weights({area: 0 for area in Area} | {
        Area.safety: 1})
    assert card.reweighted(safety_only).overall == card.areas[Area.safety]
    assert card.overall > card.areas[Area.safety]


def test_a_scheme_with_no_weight_at_all_is_refused():
    with pytest.raises(ValueError, match="at least one area"):
        EvaluationScheme(area_weights={area: 0 for area in Area})
    with pytest.raises(ValueError, match="negative"):
        DEFAULT_SCHEME.with_area_weights({Area.voice: -1})


def test_scoring_is_pure(bid_file):
    bid = _bid(bid_file())
    assert score_bid(bid) == score_bid(bid)


def test_published_rules_document_is_current():
    """docs/rules.md is regenerated with `python -m scoring rules > docs/rules.md`."""
    from pathlib import Path

    from scoring.rule_docs import rules_markdown

    published = Path(__file__).resolve().parent.parent / "docs" / "rules.md"
    assert published.read_text() == rules_markdown()
