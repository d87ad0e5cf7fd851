"""What the content-flow pages show and do beyond the basic item and review functions: the review queue,
a word diff between two versions, where each safety finding sits in the text, masking findings into a new
version, and comments on a quoted passage. Plain data out; every rule stays in `items.py` and `review.py`.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from studio.errors import StudioError
from studio.safety.finding_types import REGISTRY
from studio.safety.findings import UNSUPPORTED_CLAIM, Finding
from studio.safety.mask import LABELS as MASK_LABELS
from studio.safety.mask import MODES, mask_text
from studio.workflow.accounts import require_user
from studio.workflow.items import (
    CommentInfo,
    ItemDetail,
    current_version,
    edit_item,
    load_item,
    version_of,
)
from studio.workflow.models import Item, Review, Role, State, Version
from studio.workflow.review import add_comment

# what masking can fix: personal data and confidentiality markings; a sensitive record, an injection or an
# unsupported claim is fixed by rewriting the sentence, the missing AI label by the format itself
MASKABLE = frozenset(code for code, spec in REGISTRY.items() if spec.maskable)
_TOKEN = re.compile(r"\s+|\w+|[^\w\s]")
_SKIP_KEYS = frozenset({"source", "kind"})  # markers and enum values, never personal data


# --- review queue -------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class QueueEntry:
    id: int
    title: str
    format: str
    lang: str
    author: str
    current_version: int
    updated_at: str
    wrote_a_version: bool  # the reviewer wrote a version, so the core will refuse their decision (four eyes)


def review_queue(session: Session, actor: str) -> list[QueueEntry]:
    """Items waiting for review, oldest change first, each saying whether `actor` may decide on it."""
    user = require_user(session, actor, Role.reviewer.value)
    items = session.scalars(select(Item).where(Item.state == State.in_review.value).order_by(Item.updated_at,
                                                                                            Item.id)).all()
    out = []
    for item in items:
        writers = set(session.scalars(select(Version.created_by).where(Version.item_id == item.id)))
        out.append(QueueEntry(item.id, item.title, item.format, item.lang, item.author.name, item.current_version,
                              item.updated_at.isoformat(timespec="seconds"),
                              user.id in writers | {item.author_id}))
    return out


# --- version diff -------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class DiffOp:
    op: str  # equal | insert | delete
    text: str


@dataclass(frozen=True)
class VersionDiff:
    item_id: int
    base: int
    current: int
    base_reason: str  # "reviewed": the last version a reviewer decided on; "previous"; "chosen"
    ops: list[DiffOp]

    @property
    def changed(self) -> bool:
        return any(op.op != "equal" for op in self.ops)


def diff_words(old: str, new: str) -> list[DiffOp]:
    """A word-level diff (words, spaces and punctuation as tokens); neighbouring ops of one kind merged."""
    a, b = _TOKEN.findall(old), _TOKEN.findall(new)
    ops: list[DiffOp] = []

    def emit(op: str, tokens: list[str]) -> None:
        if not tokens:
            return
        text = "".join(tokens)
        if ops and ops[-1].op == op:
            ops[-1] = DiffOp(op, ops[-1].text + text)
        else:
            ops.append(DiffOp(op, text))

    codes = difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes()
    deleted: list[str] = []
    inserted: list[str] = []
    for n, (tag, i1, i2, j1, j2) in enumerate(codes):
        between_changes = 0 < n < len(codes) - 1 and "".join(a[i1:i2]).isspace()
        if tag == "equal" and not (between_changes and (deleted or inserted)):
            emit("delete", deleted)
            emit("insert", inserted)
            deleted, inserted = [], []
            emit("equal", a[i1:i2])
        else:  # a change, or only a space between two changes: one block reads better than word confetti
            deleted += a[i1:i2]
            inserted += b[j1:j2]
    emit("delete", deleted)
    emit("insert", inserted)
    return ops


def version_diff(session: Session, item_id: int, base: int | None = None) -> VersionDiff | None:
    """The current version against `base` — by default the last earlier version a reviewer decided on, else
    the one before the current. None when the item has a single version."""
    item = load_item(session, item_id)
    current = current_version(session, item)
    reason = "chosen"
    if base is None:
        base, reason = _default_base(session, item)
        if base is None:
            return None
    if not 1 <= base < current.number:
        raise StudioError("version_not_found", item_id=item.id, version=base)
    older = version_of(session, item, base)
    return VersionDiff(item.id, base, current.number, reason, diff_words(older.text, current.text))


def _default_base(session: Session, item: Item) -> tuple[int | None, str]:
    if item.current_version < 2:
        return None, "previous"
    reviewed = session.scalars(
        select(Version.number).join(Review, Review.version_id == Version.id)
        .where(Review.item_id == item.id, Version.number < item.current_version)
        .order_by(Version.number.desc()).limit(1)).first()
    if reviewed is not None:
        return reviewed, "reviewed"
    return item.current_version - 1, "previous"


# --- findings in the text -----------------------------------------------------------------------------------

@dataclass(frozen=True)
class Segment:
    text: str
    findings: tuple[int, ...]  # indices (in the report) of the findings covering this piece of text


def finding_spans(text: str, findings: list[dict]) -> dict[int, tuple[int, int]]:
    """Where each finding sits in `text`. Offsets are trusted when they point at the finding's text; an
    unsupported claim carries offsets within its field, so it (and any moved finding) is looked up by
    its text. A finding with no text (the missing AI label) has no place."""
    spans = {}
    for i, f in enumerate(findings):
        value, start, end = f.get("text") or "", f.get("start", 0), f.get("end", 0)
        if not value:
            continue
        if f.get("type") != UNSUPPORTED_CLAIM and text[start:end] == value:
            spans[i] = (start, end)
        elif (found := text.find(value)) >= 0:
            spans[i] = (found, found + len(value))
    return spans


def highlight_segments(text: str, findings: list[dict]) -> list[Segment]:
    """`text` cut at every finding boundary; each piece names the findings that cover it."""
    spans = finding_spans(text, findings)
    cuts = sorted({0, len(text), *[p for span in spans.values() for p in span]})
    out = []
    for start, end in zip(cuts, cuts[1:]):
        covering = tuple(i for i, (s, e) in sorted(spans.items()) if s <= start and end <= e)
        out.append(Segment(text[start:end], covering))
    return out


# --- masking ------------------------------------------------------------------------------------------------

def can_mask(finding: dict) -> bool:
    return finding.get("type") in MASKABLE and bool(finding.get("text"))


def mask_findings(session: Session, actor: str, item_id: int, indices: list[int] | None, mode: str,
                  expected_version: int) -> ItemDetail:
    """A new version with findings of the current version's safety report masked in every content field
    (`indices` None: every maskable finding that blocks or warns). The report must be on the exact current
    text; `expected_version` guards against a concurrent edit, as in `edit_item`."""
    if mode not in MODES:
        raise StudioError("bad_request", detail=f"mask mode must be one of {', '.join(MODES)}")
    item = load_item(session, item_id)
    version = current_version(session, item)
    report = version.safety_report
    if report is None or version.safety_text_hash != version.text_hash or report.get("text_hash") != version.text_hash:
        raise StudioError("safety_not_checked", item_id=item.id, version=version.number)
    findings = report["findings"]
    if indices is None:
        chosen = [f for f in findings if can_mask(f) and f["severity"] in ("block", "warn")]
    else:
        chosen = []
        for i in indices:
            if not 0 <= i < len(findings):
                raise StudioError("finding_not_found", index=i, count=len(findings))
            if not can_mask(findings[i]):
                raise StudioError("finding_not_maskable", index=i, type=findings[i]["type"])
            chosen.append(findings[i])
    mapping = _existing_pseudonyms(version.text, item.lang) if mode == "pseudonym" else {}
    content, changed = _mask_value(version.content, chosen, mode, item.lang, mapping)
    if not changed:
        raise StudioError("mask_not_found", item_id=item.id)
    return edit_item(session, actor, item.id, content, expected_version)


def _existing_pseudonyms(text: str, lang: str) -> dict:
    """Pseudonyms already in the text, so a second masking goes on counting ([NGƯỜI 2] after [NGƯỜI 1])."""
    labels = MASK_LABELS.get(lang, MASK_LABELS["vi"])
    mapping = {}
    for kind, label in labels.items():
        for n in re.findall(rf"\[{re.escape(label)} (\d+)\]", text):
            mapping[(kind, f"#existing-{n}")] = f"[{label} {n}]"
    return mapping


def _mask_value(value, chosen: list[dict], mode: str, lang: str, mapping: dict):
    if isinstance(value, str):
        found = []
        for f in chosen:
            start = value.find(f["text"])
            while start >= 0:
                found.append(Finding(f["type"], start, start + len(f["text"]), f["text"], f["score"],
                                     f.get("recognizer", ""), f["severity"]))
                start = value.find(f["text"], start + len(f["text"]))
        if not found:
            return value, False
        return mask_text(value, found, mode, lang, mapping), True
    if isinstance(value, list):
        pairs = [_mask_value(v, chosen, mode, lang, mapping) for v in value]
        return [p[0] for p in pairs], any(p[1] for p in pairs)
    if isinstance(value, dict):
        out, changed = {}, False
        for key, v in value.items():
            if key in _SKIP_KEYS:
                out[key] = v
                continue
            out[key], did = _mask_value(v, chosen, mode, lang, mapping)
            changed = changed or did
        return out, changed
    return value, False


# --- comments -----------------------------------------------------------------------------------------------

def comment_on_quote(session: Session, actor: str, item_id: int, body: str, quote: str | None = None) -> CommentInfo:
    """A comment on the current version, attached to the first place of `quote` in its text when given."""
    quote = (quote or "").strip()
    if not quote:
        return add_comment(session, actor, item_id, body)
    item = load_item(session, item_id)
    start = current_version(session, item).text.find(quote)
    if start < 0:
        raise StudioError("quote_not_found", quote=quote[:80])
    return add_comment(session, actor, item_id, body, start=start, end=start + len(quote))
