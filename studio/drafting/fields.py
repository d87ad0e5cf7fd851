"""A format's content as a few plain text boxes and back, for people who edit a draft without touching JSON.

Every format's editor layout is data (`EDITOR_LAYOUTS`): text formats get one box per field (lists of paragraphs
as blank-line-separated text, talking points one per line, hashtags separated by spaces); quiz, video script and
infographic brief get structured editors (a question, a scene or an item per repeated entry; the checks live in
`studio.drafting.editing`). As plain boxes those three are one JSON document, kept for the "advanced" editor.
`content_from_fields` rebuilds the format's dict and validates it, so a face gets either valid content or a
`StudioError("content_invalid")`.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

from pydantic import ValidationError

from studio.drafting.formats import FORMAT_MODELS
from studio.errors import StudioError


@dataclass(frozen=True)
class Box:
    """One input of an editor. Kinds: line (one line), text (free text), paragraphs (blank-line separated),
    lines (one per line), tags (space or comma separated), options (four answer boxes A–D), correct (which of
    them is right, 0–3), marker (a source marker S1…), number (seconds), choice (one of `choices`).
    `words`: a live word limit shown beside the box."""

    name: str
    kind: str
    words: int | None = None
    choices: tuple[str, ...] = ()


@dataclass(frozen=True)
class Repeat:
    """A list of entries (questions, scenes, items) edited one by one; entries can be added, removed and moved."""

    name: str
    boxes: tuple[Box, ...]
    min: int
    max: int | None = None
    movable: bool = False


@dataclass(frozen=True)
class EditorLayout:
    """How a format is edited: `editor` is "boxes" (plain text boxes) or "structured" (the structured editor)."""

    editor: str
    parts: tuple[Box | Repeat, ...]


EDITOR_LAYOUTS: dict[str, EditorLayout] = {
    "article": EditorLayout("boxes", (
        Box("headline", "line"), Box("lead", "text"),
        Repeat("sections", (Box("heading", "line"), Box("paragraphs", "paragraphs")), 1), Box("closing", "text"))),
    "news_brief": EditorLayout("boxes", (Box("headline", "line"), Box("paragraphs", "paragraphs"))),
    "social_post": EditorLayout("boxes", (Box("text", "text"), Box("call_to_action", "text"), Box("hashtags", "tags"))),
    "zalo_message": EditorLayout("boxes", (Box("text", "text"),)),
    "newsletter": EditorLayout("boxes", (Box("title", "line"), Box("paragraphs", "paragraphs"))),
    "talking_points": EditorLayout("boxes", (Box("title", "line"), Box("points", "lines"))),
    "quiz": EditorLayout("structured", (
        Box("title", "line"),
        Repeat("questions", (Box("question", "text"), Box("options", "options"), Box("correct", "correct"),
                             Box("explanation", "text"), Box("source", "marker")), 1, 20))),
    "video_script": EditorLayout("structured", (
        Box("title", "line"),
        Repeat("scenes", (Box("on_screen_text", "line", words=12), Box("narration", "text"),
                          Box("duration_s", "number")), 4, 10, movable=True))),
    "infographic_brief": EditorLayout("structured", (
        Box("title", "line"), Box("kind", "choice", choices=("key_figures", "timeline")),
        Repeat("items", (Box("value", "line"), Box("label", "line"), Box("source", "marker")), 3, 6))),
}
STRUCTURED_FORMATS = tuple(f for f, layout in EDITOR_LAYOUTS.items() if layout.editor == "structured")
JSON_FORMATS = STRUCTURED_FORMATS  # as plain boxes: one JSON document (the "advanced" editor)
_LAYOUT: dict[str, list[tuple[str, str]]] = {  # formats of flat boxes, for `edit_fields`
    fmt: [(part.name, part.kind) for part in layout.parts]
    for fmt, layout in EDITOR_LAYOUTS.items() if layout.editor == "boxes" and fmt != "article"}
_BLANK_LINE = re.compile(r"\n[ \t]*\n")


@dataclass(frozen=True)
class EditField:
    path: str  # where the box's value goes: "lead", "sections[1].paragraphs", "" for the whole JSON
    kind: str
    name: str  # which label to show: the field name ("headline", "section_heading", "points", …) or "json"
    section: int | None = None  # article sections, numbered from 1 for people
    value: str = ""


def edit_fields(fmt: str, content: dict) -> list[EditField]:
    """The boxes of a format, filled from `content` (a dumped format model)."""
    if fmt in JSON_FORMATS:
        return [EditField("", "json", "json", None, json.dumps(content, ensure_ascii=False, indent=2))]
    if fmt == "article":
        fields = [EditField("headline", "line", "headline", None, content["headline"]),
                  EditField("lead", "text", "lead", None, content["lead"])]
        for n, section in enumerate(content["sections"]):
            fields.append(EditField(f"sections[{n}].heading", "line", "section_heading", n + 1, section["heading"]))
            fields.append(EditField(f"sections[{n}].paragraphs", "paragraphs", "section_paragraphs", n + 1,
                                    _to_text("paragraphs", section["paragraphs"])))
        fields.append(EditField("closing", "text", "closing", None, content["closing"]))
        return fields
    if fmt not in _LAYOUT:
        raise StudioError("content_invalid", format=fmt, detail="unknown format")
    return [EditField(name, kind, name, None, _to_text(kind, content[name])) for name, kind in _LAYOUT[fmt]]


def content_from_fields(fmt: str, content: dict, values: dict[str, str]) -> dict:
    """`content` with each box's text (`values`, by path) put back, validated against the format's model."""
    if fmt in JSON_FORMATS:
        raw = values.get("", "")
        try:
            new = json.loads(raw)
        except json.JSONDecodeError as exc:
            raise StudioError("content_invalid", format=fmt, detail=f"JSON, line {exc.lineno}: {exc.msg}") from None
        if not isinstance(new, dict):
            raise StudioError("content_invalid", format=fmt, detail="JSON must be an object {…}")
    else:
        new = json.loads(json.dumps(content))  # a deep copy of plain data
        for field in edit_fields(fmt, content):
            if field.path in values:
                _put(new, field.path, _from_text(field.kind, values[field.path]))
    return validated_content(fmt, new)


def validated_content(fmt: str, content: dict) -> dict:
    """`content` checked against the format's model and dumped back to plain data; else `content_invalid`."""
    try:
        return FORMAT_MODELS[fmt].model_validate(content).model_dump(mode="json")
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"]) or fmt
        raise StudioError("content_invalid", format=fmt, detail=f"{where}: {first['msg']}") from None


def field_of(fields: list[EditField], path: str) -> EditField | None:
    """The box that shows the content at `path` (a grounding claim's `field`, e.g. `sections[0].paragraphs[1]`)."""
    for field in fields:
        if field.path in ("", path) or path.startswith((field.path + "[", field.path + ".")):
            return field
    return None


def _to_text(kind: str, value) -> str:
    if kind == "paragraphs":
        return "\n\n".join(value)
    if kind == "lines":
        return "\n".join(value)
    if kind == "tags":
        return " ".join(value)
    return value


def _from_text(kind: str, text: str):
    text = (text or "").replace("\r\n", "\n")
    if kind == "paragraphs":
        return [p.strip() for p in _BLANK_LINE.split(text) if p.strip()]
    if kind == "lines":
        return [line.strip().lstrip("•").strip() for line in text.split("\n") if line.strip().lstrip("•").strip()]
    if kind == "tags":
        return [tag for tag in re.split(r"[\s,]+", text) if tag.strip("#")]
    if kind == "line":
        return " ".join(text.split())
    return text.strip()


def _put(obj: dict, path: str, value) -> None:
    """Set `obj` at a path like `sections[1].paragraphs`."""
    parts = re.findall(r"[^.\[\]]+|\[\d+\]", path)
    target = obj
    for part in parts[:-1]:
        target = target[int(part[1:-1])] if part.startswith("[") else target[part]
    last = parts[-1]
    if last.startswith("["):
        target[int(last[1:-1])] = value
    else:
        target[last] = value


def value_at(obj, path: str):
    """The value at a path like `scenes[2].on_screen_text` in dumped content, or None where there is none."""
    target = obj
    for part in re.findall(r"[^.\[\]]+|\[\d+\]", path):
        try:
            target = target[int(part[1:-1])] if part.startswith("[") else target[part]
        except (KeyError, IndexError, TypeError, ValueError):
            return None
    return target
