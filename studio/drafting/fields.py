"""A format's content as a few plain text boxes and back, for people who edit a draft without touching JSON.

Text formats get one box per field (lists of paragraphs as blank-line-separated text, talking points one
per line, hashtags separated by spaces); formats whose structure matters more than their prose (quiz,
video script, infographic brief) are edited as one JSON document. `content_from_fields` rebuilds the
format's dict and validates it, so a face gets either valid content or a `StudioError("content_invalid")`.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

from pydantic import ValidationError

from studio.drafting.formats import FORMAT_MODELS
from studio.errors import StudioError

# box kinds: line (one line), text (free text), paragraphs (blank-line separated), lines (one per line),
# tags (space or comma separated), json (the whole content)
_LAYOUT: dict[str, list[tuple[str, str]]] = {
    "news_brief": [("headline", "line"), ("paragraphs", "paragraphs")],
    "social_post": [("text", "text"), ("call_to_action", "text"), ("hashtags", "tags")],
    "zalo_message": [("text", "text")],
    "newsletter": [("title", "line"), ("paragraphs", "paragraphs")],
    "talking_points": [("title", "line"), ("points", "lines")],
}
JSON_FORMATS = ("quiz", "video_script", "infographic_brief")
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
