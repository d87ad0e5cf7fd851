"""Plain data of the drafting pipeline: what is asked, what is produced, what the check found."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

from studio.drafting.formats import AUDIENCES, LENGTHS, TONES, FormatName

TOPIC_MAX_CHARS = 300  # a topic is a headline-sized request, not a document (paste documents into the knowledge base)


class DraftRequest(BaseModel):
    format: FormatName
    topic: str = Field(min_length=2, max_length=TOPIC_MAX_CHARS)
    lang: Literal["vi", "en"] = "vi"
    audience: Literal[AUDIENCES] = "members"  # type: ignore[valid-type]
    tone: Literal[TONES] = "formal"  # type: ignore[valid-type]
    length: Literal[LENGTHS] = "standard"  # type: ignore[valid-type]
    k: int = Field(8, ge=1, le=20)  # passages retrieved
    questions: int = Field(5, ge=1, le=20)  # quiz only
    source_lang: str | None = None  # restrict retrieval to one language
    variant: int = Field(0, ge=0, le=99)  # 0 = first draft; "Soạn lại" asks for the next one (other passages/order/wording)


class SourceRef(BaseModel):
    """A passage handed to the composer, under its marker (S1, S2, …)."""

    marker: str
    passage_id: str
    doc_id: str
    title: str
    section: str = ""
    page: int | None = None
    start: int
    end: int
    lang: str
    text: str
    marking: str = ""  # the document is kept under a confidentiality marking (set by the library): never publishable
    translated: bool = False  # written in another language; the model's draft uses it through its own translation


class Claim(BaseModel):
    """A checkable statement in a draft that its cited sources do not support."""

    text: str  # the number, date, document number or name as written in the draft
    kind: Literal["number", "date", "doc_number", "name"]
    field: str  # where: e.g. "sections[1].paragraphs[0]"
    start: int  # offsets within that field's text
    end: int
    cited: list[str] = Field(default_factory=list)  # markers the sentence cites
    reason: str = ""


class Draft(BaseModel):
    request: DraftRequest
    content: dict  # the format model, dumped
    citations: list[SourceRef]
    composer: Literal["offline", "model"]
    model: str | None = None
    prompt_id: str
    prompt_version: int
    created_at: str
    grounding: list[Claim] = Field(default_factory=list)
    limits: list[str] = Field(default_factory=list)  # format limits not met (warnings)
    notices: list[str] = Field(default_factory=list)  # e.g. "model unreachable, offline composer used"
    safety: dict | None = None  # the safety gate's report on the content (see studio.safety)
    privacy_masked: int = 0  # personal-data values replaced by placeholders before the model saw them
    variant: int = 0  # which variant of the request this is (DraftRequest.variant as drafted)
    further_reading: list[SourceRef] = Field(default_factory=list)  # relevant passages in another language, not quoted
    style: list[dict] = Field(default_factory=list)  # house-style findings (studio.style.StyleFinding, dumped)
    relevance: dict | None = None  # how well the knowledge base covers the topic (studio.drafting.relevance)


def make_request(**fields) -> DraftRequest:
    """A `DraftRequest` from what a person typed, or a `StudioError` saying in their language what is wrong.

    Every face (CLI, Compose page, workflow commands) builds requests here, so the limits read the same
    everywhere: the topic is trimmed and must hold 2–TOPIC_MAX_CHARS characters."""
    from pydantic import ValidationError

    from studio.errors import StudioError

    topic = " ".join(str(fields.get("topic") or "").split())
    if len(topic) > TOPIC_MAX_CHARS:
        raise StudioError("topic_too_long", n=len(topic), limit=TOPIC_MAX_CHARS)
    if len(topic) < 2:
        raise StudioError("topic_missing")
    try:
        return DraftRequest(**{**fields, "topic": topic})
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        raise StudioError("bad_request", detail=f"{where}: {first['msg']}") from None
