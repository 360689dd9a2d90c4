"""Checks before a decision's documents are final, each returning problems in plain words.

Courts have set aside awards whose moderation notes compared bidders, paraphrased the
criterion or could not say why a score was given (Lancashire Care, Woods), and in
Braceurself a one-mark correction changed the winner. Every condition the legal review
listed (award-records.md §6) refuses the final documents, each named with its bid and
criterion; drafts are still allowed. Close margins are a warning for the lead.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from documents.snapshot import DESCRIPTORS, KEY_CRITERIA, Consensus, Criterion, Snapshot
from documents.standstill import publication_problem

MIN_WORDS = 20
COMPARING = re.compile(
    r"\b(better|stronger|weaker|worse|more \w+|less \w+) than\b"
    r"|\bthe (best|strongest|weakest|worst) (of|bid|tender|submission)\b"
    r"|\b(compared (with|to)|unlike|outperform\w*|beats?|other (bids|bidders|tenders))\b"
    r"|\bbid [A-Z0-9]\b",
    re.IGNORECASE,
)
# Words that say nothing about the bid itself: a reason made only of these, the criterion's
# title and the descriptors restates the criterion (Woods: "high standard" → "high standard").
GENERIC = frozenset({
    "a", "about", "above", "across", "all", "also", "an", "and", "any", "are", "as", "at",
    "be", "been", "being", "bid", "bidder", "both", "but", "by", "can", "clear", "clearly",
    "comprehensive", "criterion", "demonstrate", "demonstrated", "demonstrates",
    "demonstrating", "detail", "detailed", "does", "evidence", "evidenced", "excellent",
    "fully", "given", "good", "has", "have", "high", "highly", "in", "into", "is", "it",
    "its", "meet", "meeting", "meets", "of", "on", "or", "our", "overall", "panel",
    "proposal", "provide", "provided", "provider", "quality", "response", "robust", "score",
    "scored", "shows", "standard", "strong", "submission", "sufficient", "tender", "that",
    "the", "their", "there", "this", "throughout", "to", "very", "was", "we", "well",
    "were", "which", "whole", "with",
})


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9!]+", text.lower())


def _stem(word: str) -> str:
    return word[:-1] if len(word) > 3 and word.endswith("s") else word


def restates_criterion(reason: str, criterion: Criterion,
                       descriptors: dict[int, str] = DESCRIPTORS) -> bool:
    """Whether a reason says nothing beyond the criterion's title and the descriptors."""
    known = {_stem(w) for w in _words(criterion.title + " " + " ".join(descriptors.values()))}
    known |= {_stem(w) for w in GENERIC}
    substance = {w for w in _words(reason) if _stem(w) not in known and len(w) > 2}
    return len(substance) < 4


SPREAD = 2  # evaluators this many marks apart are flagged for moderation
DEPARTURE = 2  # an agreed score this far from every evaluator and from the rules
OWN_WORDS = 10  # words of its own a reason needs to explain such a departure
NO_REASON = "a consensus score needs a written reason"
RECONCILED = ("differ", "spread", "discuss", "reconcil", "disagree", "re-read", "reread")
ANSWERS_CONCERN = ("service user", "service-user", "lived experience", "representative",
                   "concern")
ANSWERS_FLAG = ("flag", "rule", "finding")
NAMES_EVALUATORS = ("evaluator", "individual score", "own score", "panel member")
# What the tool writes into a draft, which never reaches a final document.
SCAFFOLDING = re.compile(
    r"say what kept the bid from full marks|\bproposed \d\b|\bnoted \(\d\):"
    r"|\[drafted by the tool|\[to be completed",
    re.IGNORECASE)
# Words that answer a spread, a flag or a concern by keyword alone: they are not the
# panel's own explanation of a departure.
KEYWORDS = frozenset(_stem(w) for w in (
    *" ".join(RECONCILED + ANSWERS_CONCERN + ANSWERS_FLAG).replace("-", " ").split(),
    "risk", "risks", "red", "amber", "issue", "issues", "gap", "gaps", "agreed", "agree",
    "evaluator", "evaluators", "individual", "scores", "marks", "mark", "higher", "lower",
    "because", "reason", "why", "than", "rules", "after", "before", "not", "no", "so",
    "who", "what", "when", "had", "his", "her", "they", "them", "from", "for", "did"))


@dataclass(frozen=True)
class ReasonContext:
    """What a reason for one bid and criterion must answer, besides the criterion itself."""

    spread: int = 0  # marks between the evaluators' own scores
    serious_concern: bool = False  # a service-user representative's serious concern
    rules_disagreement: bool = False  # a high score against a red flag, or low with none
    flag_rules: tuple[str, ...] = ()  # the red flags the score disagrees with
    departure: int = 0  # marks the agreed score lies from every evaluator and the rules
    borrowed: tuple[str, ...] = ()  # the evaluators' notes and the rules' findings


def own_words(reason: str, criterion: Criterion, descriptors: dict[int, str],
              borrowed: tuple[str, ...]) -> set[str]:
    """The reason's words that are its own: not generic, not the criterion or descriptors,
    not the keywords a check looks for, not copied from the evaluators' notes or findings."""
    known = {_stem(w) for w in _words(" ".join((criterion.title, *descriptors.values(),
                                                *borrowed)))}
    known |= {_stem(w) for w in GENERIC} | KEYWORDS
    return {_stem(w) for w in _words(reason) if len(w) > 2 and _stem(w) not in known
            and not w.isdigit()}


def reason_problems(reason: str, criterion: Criterion,
                    descriptors: dict[int, str] = DESCRIPTORS,
                    context: ReasonContext = ReasonContext()) -> list[str]:
    """What is wrong with one consensus reason, in words the lead can act on (empty when
    nothing is). The one reason check: the store runs it as the lead types, and the
    documents run it before anything is final."""
    text = reason.strip()
    if not text:
        return [NO_REASON]
    problems = []
    words = len(text.split())
    if words < MIN_WORDS:
        problems.append(f"the reason has {words} words; say why this score against the "
                        f"descriptors and the tender in at least {MIN_WORDS}")
    if COMPARING.search(text):
        problems.append("the reason compares bidders with each other; judge the bid against the "
                        "criterion instead")
    if restates_criterion(text, criterion, descriptors):
        problems.append("the reason only restates the criterion; name what in the bid earned "
                        "the score and why full marks were or were not given")
    lower = text.lower()
    if context.spread >= SPREAD and not any(word in lower for word in RECONCILED):
        problems.append(f"the evaluators' scores were {context.spread} marks apart; say how "
                        "the difference was resolved")
    if context.departure >= DEPARTURE and not (
            any(word in lower for word in NAMES_EVALUATORS)
            and len(own_words(text, criterion, descriptors, context.borrowed)) >= OWN_WORDS):
        problems.append(
            f"the agreed score is {context.departure} or more marks from every evaluator's own "
            "score and from the rules; say in the panel's own words why (what in the tender "
            "the evaluators and the rules did not weigh as the panel did), not with a keyword")
    if SCAFFOLDING.search(text):
        problems.append("the reason still holds the tool's drafting (such as \"Proposed 3\" "
                        "or \"Say what kept the bid from full marks.\"); write the panel's own "
                        "words")
    if context.rules_disagreement and not (
            any(word in lower for word in ANSWERS_FLAG)
            or any(rule.lower() in lower for rule in context.flag_rules)):
        problems.append("the score disagrees with the rules' findings; address them ("
                        + (", ".join(context.flag_rules) or "the rules found nothing wrong")
                        + ")")
    if context.serious_concern and not any(word in lower for word in ANSWERS_CONCERN):
        problems.append("the service-user panel raised a serious concern; the reason must "
                        "answer it")
    return problems


def rules_disagreement(criterion: Criterion, score: int, red_flags: int, findings: int
                       ) -> bool:
    """A panel score of 3 or 4 against a red flag, or 0 or 1 where the rules found nothing."""
    return (criterion.kind == "scored" and bool(criterion.rule_areas)
            and ((score >= 3 and red_flags > 0) or (score <= 1 and findings == 0)))


def departure(agreed: int, evaluator_scores: list[int], rule_score: float | None) -> int:
    """How many marks an agreed score lies from every evaluator's own score and from the
    rules (their 0-100 score read as 0-4); 0 unless it departs from all of them.

    A panel that agrees a score nobody gave and the rules do not support has the most to
    explain (Braceurself): this is the disagreement its reason must answer.
    """
    if not evaluator_scores:
        return 0
    gaps = [abs(agreed - score) for score in evaluator_scores]
    if rule_score is not None:
        gaps.append(abs(agreed - rule_score / 25))
    return int(min(gaps)) if min(gaps) >= DEPARTURE else 0


def _named(snapshot: Snapshot, reference: str, criterion: Criterion) -> str:
    return f"{snapshot.bid(reference).provider} ({reference}), {criterion.title}"


def panel_criteria(snapshot: Snapshot) -> tuple[Criterion, ...]:
    """The criteria the panel scores and so must give reasons for."""
    return tuple(c for c in snapshot.scheme.criteria if c.kind == "pass_fail" or c.share > 0)


def _normalised(text: str) -> str:
    return " ".join(_words(text))


def missing_reasons(snapshot: Snapshot) -> list[str]:
    """Reasons that are not yet the panel's: absent, empty, drafted and not approved, or
    approved exactly as the tool drafted them."""
    problems = []
    for bid in snapshot.assessed_bids:
        for criterion in panel_criteria(snapshot):
            agreed = snapshot.agreed(bid.reference, criterion.id)
            where = _named(snapshot, bid.reference, criterion)
            if agreed is None:
                problems.append(f"{where}: no agreed score and reason")
            elif not agreed.reason.strip():
                problems.append(f"{where}: the agreed score has no reason")
            elif agreed.reason_status == "drafted":
                problems.append(f"{where}: the reason was drafted by the tool and the panel "
                                "has not made it its own")
            elif agreed.drafted_text and (_normalised(agreed.reason)
                                          == _normalised(agreed.drafted_text)):
                problems.append(f"{where}: the reason was approved exactly as the tool drafted "
                                "it; edit it into the panel's own words")
    decision = snapshot.decision
    if not decision.reasons.strip():
        problems.append("the decision-makers' reasons for selecting the provider are missing")
    elif decision.reasons_status == "drafted":
        problems.append("the reasons for selecting the provider were drafted by the tool and "
                        "not yet made the decision-makers' own")
    return problems


def spread(snapshot: Snapshot, bid: str, criterion: str) -> int:
    """How far apart the evaluators' own scores for a bid and criterion are."""
    scores = [s.score for s in snapshot.scores_for(bid, criterion)]
    return max(scores) - min(scores) if scores else 0


def reason_context(snapshot: Snapshot, agreed: Consensus) -> ReasonContext:
    """What the agreed reason for one bid and criterion must answer."""
    criterion = snapshot.scheme.criterion(agreed.criterion)
    flags = snapshot.flags_for(agreed.bid, criterion)
    reds = sorted({f.rule for f in flags if f.severity == "red"})
    own = snapshot.scores_for(agreed.bid, agreed.criterion)
    rule = snapshot.bid(agreed.bid).rule_scores.get(agreed.criterion) \
        if criterion.rule_areas else None
    return ReasonContext(
        spread=spread(snapshot, agreed.bid, agreed.criterion),
        serious_concern=any(v.view == "serious_concern"
                            for v in snapshot.views_for(agreed.bid, agreed.criterion)),
        rules_disagreement=rules_disagreement(criterion, agreed.score, len(reds), len(flags)),
        flag_rules=tuple(reds),
        departure=(departure(agreed.score, [s.score for s in own], rule)
                   if criterion.kind == "scored" else 0),
        borrowed=tuple(s.comment for s in own) + tuple(f.message for f in flags))


def reason_warnings(snapshot: Snapshot) -> list[str]:
    """Every agreed reason that is short, compares bids, restates the criterion, holds the
    tool's scaffolding, or leaves a spread, a departure, the rules' findings or a serious
    concern unanswered; and every reason copied to another bid or criterion."""
    found = []
    for agreed in snapshot.consensus:
        if not agreed.reason.strip():
            continue
        criterion = snapshot.scheme.criterion(agreed.criterion)
        where = _named(snapshot, agreed.bid, criterion)
        found += [f"{where}: {problem}" for problem in reason_problems(
            agreed.reason, criterion, snapshot.scheme.descriptors,
            reason_context(snapshot, agreed))]
    return found + copied_reasons(snapshot)


def copied_reasons(snapshot: Snapshot) -> list[str]:
    """Reasons given, word for word, for more than one bid or criterion: a reason must say
    why *this* bid earned *this* score."""
    first: dict[str, Consensus] = {}
    found = []
    for agreed in snapshot.consensus:
        text = _normalised(agreed.reason)
        if not text:
            continue
        if text in first:
            other = first[text]
            found.append(
                f"{_named(snapshot, agreed.bid, snapshot.scheme.criterion(agreed.criterion))}: "
                "the reason is word for word the one given for "
                f"{_named(snapshot, other.bid, snapshot.scheme.criterion(other.criterion))}; "
                "say what in this bid earned this score")
        else:
            first[text] = agreed
    return found


def unanswered_concerns(snapshot: Snapshot) -> list[str]:
    """Serious service-user concerns with no recorded response from the panel."""
    problems = []
    for view in snapshot.service_user_views:
        if view.view == "serious_concern" and not view.panel_response.strip():
            criterion = snapshot.scheme.criterion(view.criterion)
            problems.append(f"{_named(snapshot, view.bid, criterion)}: the service-user "
                            "panel's serious concern has no recorded response from the panel")
    return problems


def blocking_problems(snapshot: Snapshot) -> list[str]:
    """Everything that refuses the final documents (award-records.md §6), in words, each
    naming its bid and criterion where it has one."""
    return (missing_reasons(snapshot) + reason_warnings(snapshot)
            + unanswered_concerns(snapshot) + gaps(snapshot))


@dataclass(frozen=True)
class CloseMargin:
    """A criterion on which one mark would change who comes first."""

    leader: str
    runner_up: str
    margin: float  # overall points between them
    criterion: Criterion
    per_mark: float  # overall points one mark on this criterion is worth
    leader_score: int | None
    runner_up_score: int | None


def close_margins(snapshot: Snapshot) -> list[CloseMargin]:
    """The criteria where one mark more or less would change (or tie) the top of the ranking.

    Only between the top two bids that both meet the minimum requirements: a bid that
    fails one cannot rise above one that passes, whatever its marks.
    """
    passing = sorted((s for s in snapshot.ranking if s.passes_gates and s.overall is not None),
                     key=lambda s: s.rank)
    if len(passing) < 2:
        return []
    leader, runner_up = passing[0], passing[1]
    margin = round(leader.overall - runner_up.overall, 1)
    found = []
    for criterion in panel_criteria(snapshot):
        if criterion.kind != "scored":
            continue
        per_mark = snapshot.scheme.importance(criterion) / 100 * criterion.share * 25
        ours = snapshot.agreed(leader.bid, criterion.id)
        theirs = snapshot.agreed(runner_up.bid, criterion.id)
        can_move = (ours is not None and ours.score > 0) or (theirs is not None
                                                              and theirs.score < 4)
        if can_move and margin <= per_mark + 1e-9:
            found.append(CloseMargin(leader.bid, runner_up.bid, margin, criterion,
                                     round(per_mark, 1), ours and ours.score,
                                     theirs and theirs.score))
    return found


def margin_warnings(snapshot: Snapshot) -> list[str]:
    return [describe_margin(snapshot, close) for close in close_margins(snapshot)]


def describe_margin(snapshot: Snapshot, close: CloseMargin) -> str:
    leader, runner_up = snapshot.bid(close.leader), snapshot.bid(close.runner_up)
    return (f"{leader.provider} leads {runner_up.provider} by {close.margin:.1f} points; one "
            f"mark on {close.criterion.title} is worth {close.per_mark:.1f}, so one mark less "
            f"for {leader.provider} (agreed {close.leader_score}) or one more for "
            f"{runner_up.provider} (agreed {close.runner_up_score}) would change the winner. "
            "Check both scores against the bids before deciding (Braceurself).")


def gaps(snapshot: Snapshot) -> list[str]:
    """What the snapshot lacks that the documents must state (a person supplies these)."""
    problems = _decision_gaps(snapshot)
    contract = snapshot.contract
    for criterion in snapshot.scheme.criteria:
        if not criterion.importance_reason.strip():
            problems.append(f"{criterion.title}: the reason for its relative importance is "
                            "missing")
    if snapshot.regime == "psr":
        problems += _key_criteria_gaps(snapshot)
    for declaration in snapshot.declarations:
        if declaration.conflicts and not declaration.action.strip():
            problems.append(f"{declaration.member} declared a conflict "
                            f"({', '.join(declaration.conflicts)}) and the action taken is "
                            "not recorded")
    declared = {d.member for d in snapshot.declarations}
    problems += [f"{member.name} ({member.role}) has made no declaration of interests"
                 for member in snapshot.members
                 if member.role != "observer" and member.name not in declared]
    for field, words in CONTRACT_FACTS.items():
        if not getattr(contract, field).strip():
            problems.append(f"the contract's {words} is missing")
    if contract.lifetime_value is None:
        problems.append("the contract's approximate lifetime value is missing")
    if not contract.cpv_code:
        problems.append("the CPV code is missing")
    if contract.framework and not contract.framework_details.strip():
        problems.append("the framework's duration and who may use it are missing")
    problems += _publication_gaps(snapshot)
    for bid in snapshot.assessed_bids:
        if not bid.registered_office.strip():
            problems.append(f"{bid.provider}: postal address (registered office) missing")
        if not bid.identifier.strip():
            problems.append(f"{bid.provider}: unique identifier on the central digital "
                            "platform missing")
        if snapshot.regime == "procurement_act" and not bid.email.strip():
            problems.append(f"{bid.provider}: contact e-mail address missing (PR 2024 reg 31)")
    known = {c.id for c in snapshot.scheme.criteria}
    for withheld in snapshot.withheld:
        if withheld.criterion not in known:
            problems.append(f"information withheld on \"{withheld.criterion}\", which is not a "
                            "criterion of the scheme")
        elif not withheld.why.strip():
            problems.append(f"{snapshot.scheme.criterion(withheld.criterion).title}: "
                            "information withheld from the letters without saying why")
    winner = snapshot.winner
    if winner is None:
        problems.append("no bid meets every minimum requirement, so there is no provider to "
                        "award to")
        return problems
    chosen = snapshot.bid(winner.bid)
    for kind, words in SELECTION_CHECKS.items():
        if not any(check.kind == kind for check in chosen.selection):
            problems.append(f"{chosen.provider}: {words} not recorded")
    if snapshot.regime == "procurement_act":
        for field, words in CAN_FACTS.items():
            if getattr(chosen, field) is None:
                problems.append(f"{chosen.provider}: {words} not recorded (PR 2024 reg 27)")
    return problems


def _decision_gaps(snapshot: Snapshot) -> list[str]:
    decision = snapshot.decision
    problems = []
    if not decision.makers:
        problems.append("nobody is named as decision-maker (PSR reg 24(d))")
    for maker in decision.makers:
        if not maker.job_title.strip():
            problems.append(f"decision-maker {maker.name}: job title missing")
        if not maker.declaration.strip():
            problems.append(f"decision-maker {maker.name}: their own declaration of interests "
                            "is missing (a nil return counts)")
    if not decision.body.strip():
        problems.append("the notice's description of the decision-makers (a committee or job "
                        "titles, no names) is missing")
    if not decision.instrument.strip():
        problems.append("the instrument of the decision (the key decision or delegated "
                        "decision and its reference) is missing")
    if decision.decided_on is None:
        problems.append("the date of the decision (the key or delegated decision's own date) "
                        "is missing")
    if not decision.process.strip():
        problems.append("the decision-making process is not described")
    return problems


def _key_criteria_gaps(snapshot: Snapshot) -> list[str]:
    """Under the PSR every scored award criterion serves a key criterion, and all five are
    considered (reg 5; statutory guidance). A pass/fail criterion is a selection check."""
    problems = [f"{c.title}: which of the PSR's five key criteria it serves is not said"
                for c in snapshot.scheme.criteria
                if c.kind == "scored" and c.key_criterion is None]
    served = {c.key_criterion for c in snapshot.scheme.criteria}
    problems += [f"the key criterion {title} is served by no award criterion: all five must "
                 "be considered (PSR reg 5)" for key, title in KEY_CRITERIA.items()
                 if key not in served]
    return problems


def _publication_gaps(snapshot: Snapshot) -> list[str]:
    published = snapshot.publication_date
    if published is None:
        return ["the notice's publication date is not set, so the standstill cannot be given"]
    problem = publication_problem(published, snapshot.regime)
    if problem:
        return [problem]
    if snapshot.regime == "psr" and not snapshot.representations_to.strip():
        return ["where providers send representations (an e-mail or postal address) is "
                "missing (PSR reg 12)"]
    if snapshot.regime == "procurement_act":
        sent = snapshot.summaries_sent_on
        if sent is None:
            return ["the date the assessment summaries were sent is not recorded; they go "
                    "before the contract award notice (Procurement Act 2023 s.50(3))"]
        if sent > published:
            return [f"the assessment summaries were sent on {sent:%-d %B %Y}, after the "
                    f"contract award notice's publication on {published:%-d %B %Y}; "
                    "s.50(3) requires them first"]
    return []


CONTRACT_FACTS = {"authority": "awarding authority", "title": "title",
                  "reference": "reference", "description": "description of the services"}
SELECTION_CHECKS = {
    "basic_selection": "the basic selection checks (PSR reg 19, Sch 16) are",
    "exclusion": "the exclusion and debarment checks are",
}
CAN_FACTS = {"sme": "whether it is a small or medium-sized enterprise is",
             "vcse": "whether it is a voluntary, community or social enterprise or a mutual is",
             "consortium": "whether it is a consortium is"}
