"""Plain data that flows through the knowledge pipeline (load → split → embed → store → retrieve)."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field


@dataclass(frozen=True)
class Block:
    """A structural piece of an extracted document: `text[start:end]` of the document's text."""

    start: int
    end: int
    kind: str  # "heading" | "para"
    level: int = 0  # heading level (1 = title level), 0 for paragraphs
    page: int | None = None  # 1-based PDF page


@dataclass
class ExtractedDocument:
    """What a loader returns: the plain text and its structure; spans index into `text`."""

    text: str
    title: str
    blocks: list[Block]
    source: str  # file name as given by the user
    kind: str  # md | txt | pdf | docx | html
    meta: dict = field(default_factory=dict)  # front matter or document properties
    pages: int | None = None


@dataclass(frozen=True)
class Chunk:
    """A passage ready for the store; `text == document_text[start:end]`."""

    id: str
    doc_id: str
    index: int
    text: str
    start: int
    end: int
    section: str  # heading path joined with " › "
    page: int | None
    page_end: int | None
    headings: str = ""  # the section path with each heading's full text, context for retrieval


@dataclass(frozen=True)
class DocumentInfo:
    """One document in the knowledge base, as listed to users."""

    doc_id: str
    title: str
    source: str
    kind: str
    lang: str
    chunks: int
    chars: int
    pages: int | None
    tags: tuple[str, ...]
    content_hash: str
    ingested_at: str
    meta: dict = field(default_factory=dict)

    def to_dict(self) -> dict:
        data = asdict(self)
        data["tags"] = list(self.tags)
        return data


@dataclass(frozen=True)
class Passage:
    """A retrieved passage with everything needed to cite it."""

    id: str
    text: str
    doc_id: str
    title: str
    section: str
    page: int | None
    start: int
    end: int
    lang: str
    score: float
    source: str = ""

    def to_dict(self) -> dict:
        return asdict(self)

    def citation(self) -> str:
        """Human-readable pointer: title, section, page and character span."""
        parts = [self.title]
        if self.section:
            parts.append(self.section)
        if self.page:
            parts.append(f"p. {self.page}")
        parts.append(f"{self.start}–{self.end}")
        return " · ".join(parts)


@dataclass
class IngestResult:
    """What happened to one input file."""

    source: str
    doc_id: str | None = None
    status: str = "added"  # added | updated | unchanged | failed
    chunks: int = 0
    lang: str | None = None
    error: str | None = None  # message in the user's language when status == "failed"
    error_code: str | None = None
    error_params: dict = field(default_factory=dict)
    seconds: float = 0.0

    def to_dict(self) -> dict:
        data = asdict(self)
        data.pop("error_params")
        return data

    def error_message(self, lang: str) -> str:
        """The error in another language than the one it was recorded in."""
        if not self.error_code:
            return self.error or ""
        from studio.errors import StudioError

        return StudioError(self.error_code, **self.error_params).message(lang)


@dataclass(frozen=True)
class IngestProgress:
    """Sent to the progress callback: `done` of `total` files, the current one and its stage."""

    done: int
    total: int
    source: str
    stage: str  # "load" | "store" | "done" | "failed" (vectors follow in their own step)
