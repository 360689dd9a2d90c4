"""Award details: what the decision's documents must state that no score holds.

The contract (title, reference, CPV code, value), who decided (each with their own
declaration), by what instrument and when, how, why each criterion
weighs what it does, how each declared conflict was managed, each provider's registered
office, identifier and selection checks, the panel's answer to each serious service-user
concern, and the notice's publication date. The lead sets them (`services.set_award_details`,
or `python -m scoring evaluation details ID --file details.toml`); each change is audited.
Nothing here is ever filled in by the tool: what is missing is named by `reports.report_checks`.
"""

from __future__ import annotations

import json
import tomllib
from datetime import date
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from documents.snapshot import Clarification, DecisionMaker, SelectionCheck, Withholding


class Details(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class ContractDetails(Details):
    """The contract as the notice names it (PSR Sch 10 paras 2, 4-6, 11)."""

    authority: str = ""
    title: str = ""
    reference: str = ""
    description: str = ""
    cpv_code: str = ""
    lifetime_value: int | None = Field(default=None, ge=0)  # pounds, approximate
    term: str = ""
    framework: bool = False
    framework_details: str = ""


class ProviderDetails(Details):
    """What a bid's workbook does not hold about its provider (PSR reg 24, PR 2024 reg 31)."""

    registered_office: str = ""  # also the postal address letters go to
    email: str = ""  # contact e-mail address (PR 2024 reg 31)
    identifier: str = ""  # the central digital platform's unique identifier
    sme: bool | None = None  # small or medium-sized enterprise (PR 2024 reg 27)
    vcse: bool | None = None  # voluntary, community or social enterprise, or a mutual
    consortium: bool | None = None
    selection: tuple[SelectionCheck, ...] = ()


class Response(Details):
    """The panel's response to a service-user view of one bid on one criterion."""

    bid: str
    criterion: str
    response: str


class AwardDetails(Details):
    """Every fact the lead supplies for the documents; all optional until finalising."""

    contract: ContractDetails = ContractDetails()
    service: str = ""  # the service in everyday words, for the plain summary
    scheme_full_text_at: str = ""  # where the full published scheme can be read
    importance_reasons: dict[str, str] = Field(default_factory=dict)  # criterion id → why
    conflict_actions: dict[str, str] = Field(default_factory=dict)  # member name → action
    job_titles: dict[str, str] = Field(default_factory=dict)  # member name → job title
    providers: dict[str, ProviderDetails] = Field(default_factory=dict)  # bid reference →
    decision_makers: tuple[DecisionMaker, ...] = ()  # named, each with their declaration
    decision_body: str = ""  # how public documents name them: a committee or job titles
    decision_instrument: str = ""  # the key or delegated decision, with its reference
    decision_date: date | None = None  # the real decision's date, not a stage move
    process: str = ""  # the decision-making process followed
    selection_reasons: str = ""  # the decision-makers' own reasons for the provider
    responses: tuple[Response, ...] = ()
    clarifications: tuple[Clarification, ...] = ()
    publication_date: date | None = None
    representations_to: str = ""  # where providers send representations (PSR reg 12)
    summaries_sent_on: date | None = None  # assessment summaries sent (Act s.50(3))
    withheld: tuple[Withholding, ...] = ()  # sensitive commercial information (s.94)

    def response(self, bid: str, criterion: str) -> str:
        return next((r.response for r in self.responses
                     if (r.bid, r.criterion) == (bid, criterion)), "")


def merged(current: AwardDetails, update: AwardDetails) -> AwardDetails:
    """`current` with every field `update` sets replaced; tables merge key by key.

    Responses merge by bid and criterion, so a lead can answer one concern at a time.
    """
    combined = _merge(current.model_dump(mode="json"), update.model_dump(
        mode="json", exclude_unset=True))
    if "responses" in update.model_fields_set:
        kept = {(r.bid, r.criterion): r for r in current.responses}
        kept |= {(r.bid, r.criterion): r for r in update.responses}
        combined["responses"] = [r.model_dump() for r in kept.values()]
    return AwardDetails.model_validate(combined)


def _merge(old: Any, new: Any) -> Any:
    if isinstance(old, dict) and isinstance(new, dict):
        return {**old, **{key: _merge(old.get(key), value) for key, value in new.items()}}
    return new


def parse_details(text: str, suffix: str) -> AwardDetails:
    """Award details from a TOML file's text (or JSON, by the file's suffix)."""
    data = json.loads(text) if suffix.lower() == ".json" else tomllib.loads(text)
    return AwardDetails.model_validate(data)
