"""The store's tables, as SQLAlchemy 2 typed models.

Every change to these is a new Alembic migration in `evaluations/migrations/versions`;
a test fails when the models and the migrations disagree.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    JSON,
    Boolean,
    DateTime,
    ForeignKey,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Text,
    UniqueConstraint,
    false,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class Evaluation(Base):
    """One tender's evaluation: its scheme, its stage and when it was decided."""

    __tablename__ = "evaluations"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    stage: Mapped[str] = mapped_column(String(20))
    # "psr" (the Provider Selection Regime's competitive process) or "procurement_act"
    regime: Mapped[str] = mapped_column(String(20), server_default="psr")
    scheme: Mapped[dict] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    scheme_frozen_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    decided_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    decided_by: Mapped[int | None] = mapped_column(Integer)


class Member(Base):
    """A person on the panel, with the one role they hold in this evaluation."""

    __tablename__ = "members"
    __table_args__ = (UniqueConstraint("evaluation_id", "name", name="uq_members_name"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    evaluation_id: Mapped[int] = mapped_column(ForeignKey("evaluations.id"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    email: Mapped[str | None] = mapped_column(String(320))
    role: Mapped[str] = mapped_column(String(20))
    added_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    removed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    submitted_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class SignInCode(Base):
    """A personal sign-in code, kept only as a salted scrypt hash.

    `key_id` is the public half of the code, so a code finds its member without a
    scan; the secret half is what the hash protects.
    """

    __tablename__ = "sign_in_codes"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id"), index=True)
    key_id: Mapped[str] = mapped_column(String(32), unique=True)
    code_hash: Mapped[str] = mapped_column(String(200))
    issued_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class SignInFailure(Base):
    """A refused sign-in, counted to slow repeated guessing (not part of the audit).

    Counted per code prefix (`key_id`, the public half of the code tried) and per source
    (the address it came from), so one person's wrong codes never slow anyone else.
    """

    __tablename__ = "sign_in_failures"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)
    key_id: Mapped[str | None] = mapped_column(String(32), index=True)
    source: Mapped[str | None] = mapped_column(String(64), index=True)


class PanelSession(Base):
    """A signed-in browser: a random token kept only as its SHA-256, in an HttpOnly cookie.

    The browser receives its token by handing back a one-time `handoff` ticket within a
    minute of signing in. A session ends when signed out, after 12 hours without a click,
    or when its member is removed or the code it began with is revoked.
    """

    __tablename__ = "panel_sessions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id"), index=True)
    code_id: Mapped[int | None] = mapped_column(ForeignKey("sign_in_codes.id"))
    how: Mapped[str] = mapped_column(String(20))
    token_hash: Mapped[str | None] = mapped_column(String(64), unique=True)
    handoff_hash: Mapped[str | None] = mapped_column(String(64), unique=True)
    handoff_expires_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    last_seen_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    ended_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class BidFile(Base):
    """A bid as received: the workbook's bytes, their SHA-256 and what the rules made of it."""

    __tablename__ = "bid_files"
    __table_args__ = (
        UniqueConstraint("evaluation_id", "reference", name="uq_bid_files_reference"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    evaluation_id: Mapped[int] = mapped_column(ForeignKey("evaluations.id"), index=True)
    reference: Mapped[str] = mapped_column(String(200))
    provider: Mapped[str] = mapped_column(String(300))
    filename: Mapped[str] = mapped_column(String(300))
    sha256: Mapped[str] = mapped_column(String(64))
    content: Mapped[bytes] = mapped_column(LargeBinary, deferred=True)  # read only on demand
    rule_result: Mapped[dict] = mapped_column(JSON)
    added_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    withdrawn_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # the member who moderates this bid in the lead's place, when the lead declared a
    # conflict with it (a member id; set by the lead, audited)
    moderator_id: Mapped[int | None] = mapped_column(Integer)


class Declaration(Base):
    """One version of a member's declaration of interests (a nil return has no conflicts)."""

    __tablename__ = "declarations"
    __table_args__ = (
        UniqueConstraint("member_id", "version", name="uq_declarations_version"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id"), index=True)
    version: Mapped[int] = mapped_column(Integer)
    conflicts: Mapped[list] = mapped_column(JSON)  # bid references
    declared_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class PanelScore(Base):
    """An evaluator's own 0-4 score and comment for one bid on one criterion."""

    __tablename__ = "panel_scores"
    __table_args__ = (
        UniqueConstraint("member_id", "bid_id", "criterion", name="uq_panel_scores_cell"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    evaluation_id: Mapped[int] = mapped_column(ForeignKey("evaluations.id"), index=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id"))
    bid_id: Mapped[int] = mapped_column(ForeignKey("bid_files.id"))
    criterion: Mapped[str] = mapped_column(String(60))
    score: Mapped[int] = mapped_column(Integer)
    comment: Mapped[str] = mapped_column(Text)
    saved_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    # one more at every save: a save made against an older version is refused
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")


class ServiceUserView(Base):
    """A service-user representative's view of the tool's finding for a bid and criterion."""

    __tablename__ = "service_user_views"
    __table_args__ = (
        UniqueConstraint("member_id", "bid_id", "criterion", name="uq_service_user_views_cell"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    evaluation_id: Mapped[int] = mapped_column(ForeignKey("evaluations.id"), index=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id"))
    bid_id: Mapped[int] = mapped_column(ForeignKey("bid_files.id"))
    criterion: Mapped[str] = mapped_column(String(60))
    view: Mapped[str] = mapped_column(String(20))
    comment: Mapped[str] = mapped_column(Text)
    # The representative's yes to their words being quoted in public documents; without
    # it only the panel sees them.
    consent_to_quote: Mapped[bool] = mapped_column(Boolean, default=False,
                                                   server_default=false())
    saved_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    # one more at every save: a save made against an older version is refused
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")


class Consensus(Base):
    """The panel's agreed score for a bid and criterion, with its written reason."""

    __tablename__ = "consensus_scores"
    __table_args__ = (
        UniqueConstraint("bid_id", "criterion", name="uq_consensus_scores_cell"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    evaluation_id: Mapped[int] = mapped_column(ForeignKey("evaluations.id"), index=True)
    bid_id: Mapped[int] = mapped_column(ForeignKey("bid_files.id"))
    criterion: Mapped[str] = mapped_column(String(60))
    score: Mapped[int] = mapped_column(Integer)
    reason: Mapped[str] = mapped_column(Text)
    warnings: Mapped[list] = mapped_column(JSON)
    saved_by: Mapped[int] = mapped_column(ForeignKey("members.id"))
    saved_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    # "drafted" by the tool until the lead approves it; the lead's own words are "approved"
    reason_status: Mapped[str] = mapped_column(String(20), server_default="approved")
    approved_by: Mapped[int | None] = mapped_column(Integer)  # a member id
    approved_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")


class AwardDetailsRecord(Base):
    """What the decision's documents state that no score holds: the contract, who decided,
    why each criterion weighs what it does, conflicts' management, providers' details.

    One row per evaluation, set by the lead (each change audited); the fields are
    `evaluations.details.AwardDetails`.
    """

    __tablename__ = "award_details"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    evaluation_id: Mapped[int] = mapped_column(ForeignKey("evaluations.id"), unique=True)
    details: Mapped[dict] = mapped_column(JSON)
    saved_by: Mapped[int] = mapped_column(ForeignKey("members.id"))
    saved_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")


class AuditEvent(Base):
    """One event in an evaluation's append-only, hash-chained log.

    The database refuses UPDATE and DELETE on this table (triggers in the first migration).
    `seal` is the HMAC of `hash` under the key kept outside the database (`audit_key`);
    events from before the sealing migration have none, and are covered by the next one's.
    """

    __tablename__ = "audit_events"
    __table_args__ = (UniqueConstraint("evaluation_id", "seq", name="uq_audit_events_seq"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    evaluation_id: Mapped[int] = mapped_column(Integer, index=True)
    seq: Mapped[int] = mapped_column(Integer)
    at: Mapped[str] = mapped_column(String(40))
    actor: Mapped[str] = mapped_column(String(200))
    actor_member_id: Mapped[int | None] = mapped_column(Integer)
    action: Mapped[str] = mapped_column(String(60))
    data: Mapped[str] = mapped_column(Text)  # canonical JSON, exactly as hashed
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))
    seal: Mapped[str | None] = mapped_column(String(64))
