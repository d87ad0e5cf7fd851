"""Content items and their immutable versions: create from a draft, edit, attach media, safety check,
accept warnings, read. State moves that need a second person are in `review.py`.

The published text of a version is the format's reading-order text (`studio.drafting.render`) with the
AI-assistance label on its own last line; it is stored as is and its SHA-256 ties safety reports to it.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from studio.drafting.fields import validated_content
from studio.drafting.formats import strip_markers
from studio.drafting.grounding import check_draft
from studio.drafting.models import Draft
from studio.drafting.render import LABELS, content_lines
from studio.errors import StudioError
from studio.safety.findings import Finding, SafetyReport, text_hash
from studio.safety.gate import accept_warning
from studio.safety.risks import AI_LABELS
from studio.workflow import audit
from studio.workflow.accounts import require_user
from studio.workflow.models import Comment, Item, Review, Role, SafetyAcceptance, State, Version, utcnow
from studio.workflow.states import ACTION_ROLES, Action, next_state, require_open

CONTENT_ROLES = (Role.officer.value, Role.reviewer.value)


# --- plain data handed to the faces -------------------------------------------------------------------------

@dataclass(frozen=True)
class VersionInfo:
    number: int
    text: str
    text_hash: str
    content: dict
    citations: list
    media: list
    composer: str
    model: str | None
    prompt_id: str
    prompt_version: int
    safety: dict | None  # the stored report, when the check ran on exactly this text
    created_by: str
    created_at: str

    @property
    def verdict(self) -> str | None:
        return self.safety["verdict"] if self.safety else None


@dataclass(frozen=True)
class ReviewInfo:
    reviewer: str
    decision: str
    version: int
    comment: str | None
    created_at: str


@dataclass(frozen=True)
class CommentInfo:
    id: int
    version: int
    author: str
    body: str
    start: int | None
    end: int | None
    quote: str | None
    created_at: str
    current_start: int | None = None  # where the commented text is in the current version (None: gone)
    current_end: int | None = None


@dataclass(frozen=True)
class ItemSummary:
    id: int
    format: str
    title: str
    lang: str
    author: str
    state: str
    current_version: int
    updated_at: str


@dataclass(frozen=True)
class ItemDetail:
    id: int
    format: str
    title: str
    lang: str
    topic: str
    author: str
    state: str
    current_version: int
    created_at: str
    updated_at: str
    version: VersionInfo
    history: list[dict] = field(default_factory=list)  # every version: number, by, at, text_hash, verdict
    reviews: list[ReviewInfo] = field(default_factory=list)
    comments: list[CommentInfo] = field(default_factory=list)

    def to_dict(self) -> dict:
        data = asdict(self)
        data["version"]["verdict"] = self.version.verdict
        return data


def _iso(t) -> str:
    return t.isoformat(timespec="seconds")


# --- the published text -------------------------------------------------------------------------------------

def published_text(fmt: str, content: dict, lang: str) -> str:
    """What would be published: the format's text in reading order, then the AI-assistance label on its own line."""
    body = "\n".join(content_lines(fmt, content, LABELS.get(lang, LABELS["en"]))).strip()
    return f"{body}\n\n{AI_LABELS.get(lang, AI_LABELS['en'])}\n"


def _title(content: dict, fmt: str) -> str:
    for key in ("headline", "title", "text"):
        if isinstance(content.get(key), str) and content[key].strip():
            title = strip_markers(content[key]).strip().splitlines()[0]
            return title if len(title) <= 120 else title[:119].rstrip() + "…"
    return fmt


# --- loading ------------------------------------------------------------------------------------------------

def load_item(session: Session, item_id: int) -> Item:
    item = session.get(Item, item_id)
    if item is None:
        raise StudioError("item_not_found", item_id=item_id)
    return item


def current_version(session: Session, item: Item) -> Version:
    return version_of(session, item, item.current_version)


def version_of(session: Session, item: Item, number: int) -> Version:
    version = session.scalars(select(Version).where(Version.item_id == item.id, Version.number == number)).first()
    if version is None:
        raise StudioError("version_not_found", item_id=item.id, version=number)
    return version


# --- create, edit, attach -----------------------------------------------------------------------------------

def create_item(session: Session, actor: str, draft: Draft) -> ItemDetail:
    """An officer stores a draft as a new item in state `draft`, version 1."""
    user = require_user(session, actor, Role.officer.value)
    fmt = draft.request.format.value
    content = validated_content(fmt, draft.content)
    now = utcnow()
    item = Item(format=fmt, title=_title(content, fmt), lang=draft.request.lang, topic=draft.request.topic,
                author_id=user.id, state=State.draft.value, current_version=1, created_at=now, updated_at=now)
    session.add(item)
    session.flush()
    text = published_text(fmt, content, item.lang)
    session.add(Version(item_id=item.id, number=1, text=text, text_hash=text_hash(text), content=content,
                        citations=[c.model_dump(mode="json") for c in draft.citations], media=[],
                        composer=draft.composer, model=draft.model, prompt_id=draft.prompt_id,
                        prompt_version=draft.prompt_version, created_by=user.id, created_at=now))
    session.flush()
    audit.record(session, "item_create", user.name, item.id, 1, format=fmt, lang=item.lang, title=item.title,
                 composer=draft.composer, text_hash=text_hash(text))
    return get_item(session, item.id)


def edit_item(session: Session, actor: str, item_id: int, content: dict, expected_version: int) -> ItemDetail:
    """The author saves a new version. `expected_version` is the version the edit started from: if someone
    saved a newer one meanwhile, nothing is written and the conflict is reported. Editing an approved item
    (or one in review) sends it back to draft."""
    user = require_user(session, actor, *ACTION_ROLES[Action.edit])
    item = load_item(session, item_id)
    base = _editable(session, user, item, expected_version)
    return _new_version(session, user, item, base, validated_content(item.format, content), base.media, "item_edit")


def attach_media(session: Session, actor: str, item_id: int, refs, expected_version: int) -> ItemDetail:
    """A new version with the same text and these media files added (`MediaRef`s from `MediaStore.add`)."""
    user = require_user(session, actor, *ACTION_ROLES[Action.edit])
    item = load_item(session, item_id)
    base = _editable(session, user, item, expected_version)
    added = [r.to_dict() if hasattr(r, "to_dict") else dict(r) for r in refs]
    media = [m for m in base.media if m["sha256"] not in {a["sha256"] for a in added}] + added
    return _new_version(session, user, item, base, base.content, media, "media_attach")


def _editable(session: Session, user, item: Item, expected_version: int) -> Version:
    if item.author_id != user.id:
        raise StudioError("not_author", item_id=item.id, author=item.author.name, name=user.name)
    next_state(item.id, Action.edit, item.state)
    base = current_version(session, item)
    if expected_version != item.current_version:
        raise StudioError("edit_conflict", item_id=item.id, expected=expected_version, current=item.current_version,
                          by=base.creator.name, at=_iso(base.created_at))
    return base


def _new_version(session: Session, user, item: Item, base: Version, content: dict, media: list,
                 action: str) -> ItemDetail:
    text = published_text(item.format, content, item.lang)
    if text == base.text and media == base.media:
        raise StudioError("no_change", item_id=item.id)
    before = item.state
    now = utcnow()
    number = item.current_version + 1
    session.add(Version(item_id=item.id, number=number, text=text, text_hash=text_hash(text), content=content,
                        citations=base.citations, media=media, composer=base.composer, model=base.model,
                        prompt_id=base.prompt_id, prompt_version=base.prompt_version, created_by=user.id,
                        created_at=now))
    item.current_version, item.updated_at = number, now
    item.state = next_state(item.id, Action.edit, item.state).value
    item.title = _title(content, item.format)
    session.flush()  # the version counter of the item row guards against a concurrent writer
    audit.record(session, action, user.name, item.id, number, from_state=before, to_state=item.state,
                 text_hash=text_hash(text), media=[m["sha256"] for m in media])
    return get_item(session, item.id)


# --- safety -------------------------------------------------------------------------------------------------

def report_from_dict(data: dict) -> SafetyReport:
    return SafetyReport(verdict=data["verdict"], findings=[Finding(**f) for f in data["findings"]],
                        text_hash=data["text_hash"], policy_version=data["policy_version"], lang=data["lang"],
                        accepted=list(data.get("accepted", [])))


def check_item(session: Session, item_id: int, gate, actor: str | None = None) -> dict:
    """Run the safety gate (as before publishing) on the current version's exact text, with the grounding
    check of its content against its cited passages; store the report with the hash of the text it checked.
    Warnings accepted earlier on this version stay accepted when the same finding comes back."""
    user = require_user(session, actor, *CONTENT_ROLES) if actor else None
    item = load_item(session, item_id)
    require_open(item.id, "check", item.state)
    version = current_version(session, item)
    sources = {c["marker"]: c.get("text", "") for c in version.citations}
    claims = check_draft(version.content, sources, None)
    report = gate.check(version.text, item.lang, claims=claims, publishing=True, drafted=True)
    marked = gate.marked_sources(version.citations, item.lang)  # quoting a document kept under a marking
    if marked:
        report.findings = marked + report.findings
        report.verdict = "block"
    accepted = session.scalars(select(SafetyAcceptance).where(SafetyAcceptance.version_id == version.id)
                               .order_by(SafetyAcceptance.id)).all()
    for acc in accepted:
        i = acc.finding_index
        if (i < len(report.findings) and report.findings[i].type == acc.finding_type
                and report.findings[i].text == acc.finding_text and report.findings[i].severity == "warn"
                and i not in {a["index"] for a in report.accepted}):
            report = accept_warning(report, i, acc.reason, acc.user.name)
    version.safety_report, version.safety_text_hash, version.checked_at = report.to_dict(), report.text_hash, utcnow()
    audit.record(session, "safety_check", user.name if user else None, item.id, version.number,
                 verdict=report.verdict, text_hash=report.text_hash, policy_version=report.policy_version,
                 findings=len(report.findings),
                 blocking=sorted({f.type for f in report.findings if f.severity == "block"}))
    return report.to_dict()


def accept_safety_warning(session: Session, actor: str, item_id: int, index: int, reason: str) -> dict:
    """A person accepts warning `index` of the current version's report with a reason (blocks can't be)."""
    user = require_user(session, actor, *CONTENT_ROLES)
    item = load_item(session, item_id)
    require_open(item.id, "accept_warning", item.state)
    version = current_version(session, item)
    if version.safety_report is None or version.safety_text_hash != text_hash(version.text):
        raise StudioError("safety_not_checked", item_id=item.id, version=version.number)
    report = report_from_dict(version.safety_report)
    if not 0 <= index < len(report.findings):
        raise StudioError("finding_not_found", index=index, count=len(report.findings))
    if index in {a["index"] for a in report.accepted}:
        return report.to_dict()
    finding = report.findings[index]
    report = accept_warning(report, index, reason, user.name)
    version.safety_report = report.to_dict()
    session.add(SafetyAcceptance(version_id=version.id, finding_index=index, finding_type=finding.type,
                                 finding_text=finding.text, reason=reason.strip(), user_id=user.id))
    audit.record(session, "safety_accept", user.name, item.id, version.number, index=index, type=finding.type,
                 reason=reason.strip(), verdict=report.verdict)
    return report.to_dict()


def require_passing_safety(item: Item, version: Version) -> dict:
    """The version's stored report must be for its exact text and must not block."""
    report, current = version.safety_report, text_hash(version.text)
    if report is None or report.get("text_hash") != current or version.safety_text_hash != current:
        raise StudioError("safety_not_checked", item_id=item.id, version=version.number)
    if report["verdict"] == "block":
        types = sorted({f["type"] for f in report["findings"] if f["severity"] == "block"})
        raise StudioError("safety_blocked", item_id=item.id, version=version.number, types=", ".join(types))
    return report


# --- reading ------------------------------------------------------------------------------------------------

def _version_info(v: Version) -> VersionInfo:
    safety = v.safety_report if v.safety_report and v.safety_text_hash == v.text_hash else None
    return VersionInfo(v.number, v.text, v.text_hash, dict(v.content), list(v.citations), list(v.media), v.composer,
                       v.model, v.prompt_id, v.prompt_version, safety, v.creator.name, _iso(v.created_at))


def list_items(session: Session, state: str | None = None, author: str | None = None) -> list[ItemSummary]:
    query = select(Item).order_by(Item.id)
    if state:
        query = query.where(Item.state == State(state).value)
    rows = session.scalars(query).all()
    return [ItemSummary(i.id, i.format, i.title, i.lang, i.author.name, i.state, i.current_version,
                        _iso(i.updated_at)) for i in rows if author is None or i.author.name == author]


def get_item(session: Session, item_id: int, version: int | None = None) -> ItemDetail:
    """The item with its current (or the given) version, version history, review decisions and comments."""
    item = load_item(session, item_id)
    versions = session.scalars(select(Version).where(Version.item_id == item.id).order_by(Version.number)).all()
    shown = next((v for v in versions if v.number == (version or item.current_version)), None)
    if shown is None:
        raise StudioError("version_not_found", item_id=item.id, version=version)
    current = next(v for v in versions if v.number == item.current_version)
    history = [{"number": v.number, "created_by": v.creator.name, "created_at": _iso(v.created_at),
                "text_hash": v.text_hash, "verdict": _version_info(v).verdict} for v in versions]
    reviews = session.scalars(select(Review).where(Review.item_id == item.id).order_by(Review.id)).all()
    comments = session.scalars(select(Comment).where(Comment.item_id == item.id).order_by(Comment.id)).all()
    return ItemDetail(
        item.id, item.format, item.title, item.lang, item.topic, item.author.name, item.state, item.current_version,
        _iso(item.created_at), _iso(item.updated_at), _version_info(shown), history,
        [ReviewInfo(r.reviewer.name, r.decision, r.version.number, r.comment, _iso(r.created_at)) for r in reviews],
        [comment_info(c, current.text) for c in comments])


def comment_info(c: Comment, current_text: str) -> CommentInfo:
    start = end = None
    if c.quote:
        if current_text[c.span_start:c.span_end] == c.quote:
            start, end = c.span_start, c.span_end
        elif (found := current_text.find(c.quote)) >= 0:
            start, end = found, found + len(c.quote)
    return CommentInfo(c.id, c.version.number, c.author.name, c.body, c.span_start, c.span_end, c.quote,
                       _iso(c.created_at), start, end)
