"""The published text as a small document model (title, AI label, blocks, numbered sources) shared by the DOCX,
HTML and Markdown writers.

The blocks come from the exact text that passed the safety gate and the review (`ExportInput.text`), never from
the structured fields alone: what is exported is word for word what was checked. The text follows the line
grammar of `studio.drafting.render.content_lines` (title line, `## heading`, `• point`, `1. question`,
indented `A. option` / answer / narration lines), which an edited text keeps too; the structured fields are
compared with it and the result is recorded in the provenance (`content_matches_text`).

Citation markers `[S3]` become numbered references `[1]` in the order the sources are first cited; the sources
list uses the same numbers, so DOCX, HTML and Markdown agree, and the provenance maps number → marker → passage.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from studio.drafting.formats import MARKER_RE
from studio.drafting.render import LABELS, content_lines
from studio.errors import StudioError
from studio.safety.risks import AI_LABELS, has_ai_label

UNTITLED_FORMATS = ("social_post", "zalo_message")  # their text has no title line: the item title is shown
TERMS = {
    "vi": {"page": "tr.", "media": "Tệp đa phương tiện", "item": "Mã nội dung", "version": "phiên bản",
           "approved": "duyệt ngày"},
    "en": {"page": "p.", "media": "Media files", "item": "Item", "version": "version", "approved": "approved"},
}
_HEADING = re.compile(r"^#{1,6}\s+(.*)$")
_BULLET = re.compile(r"^[•\-*]\s+(.*)$")
_QUESTION = re.compile(r"^\d+[.)]\s+\S")
_OPTION = re.compile(r"^\s+([A-D])[.)]\s+(.*)$")
_SCENE = re.compile(r"^(?:Cảnh|Scene)\s+\d+\b")
_KIND_SUFFIX = re.compile(r"\s*\((?:key_figures|timeline)\)\s*$")

Part = str | tuple[int, ...]  # plain text, or a group of reference numbers


@dataclass(frozen=True)
class Block:
    """One line of the published text: heading, para, bullet, option (mark = A–D), subhead (quiz question,
    video scene) or note (an indented line: quiz answer, narration)."""

    kind: str
    parts: tuple[Part, ...]
    mark: str = ""

    @property
    def plain(self) -> str:
        return join_parts(self.parts)


@dataclass(frozen=True)
class Source:
    number: int
    marker: str
    ref: dict  # a SourceRef dump


@dataclass(frozen=True)
class Document:
    lang: str
    title: tuple[Part, ...]
    label: str  # the AI-assistance label, shown under the title
    blocks: tuple[Block, ...]
    sources: tuple[Source, ...]
    content_matches_text: bool

    @property
    def terms(self) -> dict[str, str]:
        labels = LABELS.get(self.lang, LABELS["en"])
        return {**TERMS.get(self.lang, TERMS["en"]), "sources": labels["sources"]}


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def join_parts(parts) -> str:
    return "".join(p if isinstance(p, str) else "[" + ", ".join(map(str, p)) + "]" for p in parts)


def source_line(source: Source, terms: dict[str, str]) -> str:
    """A source as one line: "Title › Section, tr. 3 — doc-id, 120–480" (span in characters of the document)."""
    ref = source.ref
    where = " › ".join(x for x in (ref.get("title"), ref.get("section")) if x) or ref.get("doc_id", "")
    if ref.get("page") is not None:
        where += f", {terms['page']} {ref['page']}"
    return f"{where} — {ref.get('doc_id', '')}, {ref.get('start')}–{ref.get('end')}"


def split_label(text: str, lang: str) -> tuple[list[str], str]:
    """The text's lines without its AI-assistance label line, and the label (the text's own wording when it
    ends with one, else the standard label of the language)."""
    lines = nfc(text).splitlines()
    filled = [i for i, line in enumerate(lines) if line.strip()]
    if filled and has_ai_label(lines[filled[-1]]) and len(lines[filled[-1]].split()) <= 25:
        label = lines[filled[-1]].strip()
        return lines[:filled[-1]] + lines[filled[-1] + 1:], label
    standard = {nfc(v) for v in AI_LABELS.values()}
    for i in filled:
        if lines[i].strip() in standard:
            return lines[:i] + lines[i + 1:], lines[i].strip()
    return lines, nfc(AI_LABELS.get(lang, AI_LABELS["en"]))


def _normalised(lines) -> list[str]:
    return [" ".join(nfc(line).split()) for line in "\n".join(lines).splitlines() if line.strip()]


def _content_matches(fmt: str, content: dict, lang: str, lines: list[str]) -> bool:
    try:
        expected = content_lines(fmt, content, LABELS.get(lang, LABELS["en"]))
    except (KeyError, TypeError, IndexError, ValueError):
        return False
    return _normalised(expected) == _normalised(lines)


class _Numbering:
    """Marker → reference number, in the order of first citation."""

    def __init__(self, citations: list[dict]) -> None:
        self.by_marker = {c["marker"]: c for c in citations}
        self.numbers: dict[str, int] = {}

    def parts(self, text: str) -> tuple[Part, ...]:
        out: list[Part] = []
        pos = 0
        for m in MARKER_RE.finditer(text):
            whole = m.group(0)
            lead = whole[:len(whole) - len(whole.lstrip())]
            out.append(text[pos:m.start()] + lead)
            out.append(tuple(self._number(x.strip()) for x in m.group(1).split(",")))
            pos = m.end()
        out.append(text[pos:])
        return tuple(p for p in out if p != "")

    def _number(self, marker: str) -> int:
        if marker not in self.by_marker:
            raise StudioError("citation_unresolved", marker=marker)
        return self.numbers.setdefault(marker, len(self.numbers) + 1)

    def sources(self) -> tuple[Source, ...]:
        return tuple(Source(n, m, self.by_marker[m]) for m, n in self.numbers.items())


def _block(line: str, fmt: str, numbering: _Numbering) -> Block:
    if m := _HEADING.match(line):
        return Block("heading", numbering.parts(m.group(1).strip()))
    if m := _OPTION.match(line):
        return Block("option", numbering.parts(m.group(2).strip()), mark=m.group(1))
    if line[:1].isspace():
        return Block("note", numbering.parts(line.strip()))
    if m := _BULLET.match(line):
        return Block("bullet", numbering.parts(m.group(1).strip()))
    if (fmt == "quiz" and _QUESTION.match(line)) or (fmt == "video_script" and _SCENE.match(line)):
        return Block("subhead", numbering.parts(line.strip()))
    return Block("para", numbering.parts(line.strip()))


def build_document(fmt: str, lang: str, title: str, content: dict, text: str, citations: list[dict]) -> Document:
    """Parse the published text into a `Document`; raises StudioError when a marker names no source."""
    lines, label = split_label(text, lang)
    lines = [line.rstrip() for line in lines]
    matches = _content_matches(fmt, content, lang, lines)
    numbering = _Numbering([{**c, "marker": str(c["marker"])} for c in citations])
    body = [line for line in lines if line.strip()]
    if fmt not in UNTITLED_FORMATS and body:
        heading = body.pop(0).strip()
        if fmt == "infographic_brief":
            heading = _KIND_SUFFIX.sub("", heading)
        title_parts = numbering.parts(_HEADING.sub(r"\1", heading))
    else:
        title_parts = numbering.parts(nfc(title).strip())
    blocks = tuple(_block(line, fmt, numbering) for line in body)
    return Document(lang=lang, title=title_parts, label=label, blocks=blocks, sources=numbering.sources(),
                    content_matches_text=matches)
