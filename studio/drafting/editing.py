"""Structured edits of a quiz, a video script or an infographic brief: blank entries to add, list moves, the live
figures an editor shows (words on screen, total duration, entry counts) and per-field problems.

A problem names the field it concerns by path (`questions[0].options[2]`, `scenes`, `title`), a code and its
parameters; faces turn it into a message in the user's language (key `ed_problem_<code>`), never pydantic's
English. `check_structured` gives valid content only when there is no problem.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from studio.drafting.fields import EDITOR_LAYOUTS, Repeat, validated_content
from studio.drafting.formats import word_count
from studio.errors import StudioError

SCENE_MAX_S = 30.0
VIDEO_TOTAL_S = (15.0, 90.0)
OPTIONS = 4


@dataclass(frozen=True)
class Problem:
    path: str  # the field concerned: "questions[0].options[2]", "scenes" (the list), "" (the whole content)
    code: str  # required | options_differ | correct_range | unknown_source | too_many_words | duration_range |
    #            total_range | too_few | too_many | choice | invalid
    params: dict = field(default_factory=dict)


@dataclass(frozen=True)
class Figure:
    """A live figure of the content shown beside the editor (e.g. total duration against 15–90 s)."""

    path: str
    code: str  # count | total_duration
    params: dict
    ok: bool


def repeat_of(fmt: str, name: str) -> Repeat:
    return next(p for p in EDITOR_LAYOUTS[fmt].parts if isinstance(p, Repeat) and p.name == name)


def blank_entry(fmt: str, name: str, markers: list[str] | None = None) -> dict:
    """A new, empty entry of the list `name` (a question, a scene, an item), its source the first marker."""
    source = (markers or [""])[0]
    if fmt == "quiz":
        return {"question": "", "options": [""] * OPTIONS, "correct": 0, "explanation": "", "source": source}
    if fmt == "video_script":
        return {"on_screen_text": "", "narration": "", "duration_s": 5.0}
    if fmt == "infographic_brief":
        return {"value": "", "label": "", "source": source}
    raise ValueError(f"{fmt} has no list of entries")


def moved(entries: list, index: int, step: int) -> list:
    """`entries` with the one at `index` moved `step` places (-1 up, +1 down); unchanged at either end."""
    to = index + step
    if not (0 <= index < len(entries) and 0 <= to < len(entries)):
        return list(entries)
    out = list(entries)
    out[index], out[to] = out[to], out[index]
    return out


def total_duration(content: dict) -> float:
    return sum(_seconds(s.get("duration_s")) or 0.0 for s in content.get("scenes") or [])


def figures(fmt: str, content: dict) -> list[Figure]:
    """Entry counts against their limits, and a video's total duration against 15–90 s."""
    out = []
    for part in EDITOR_LAYOUTS[fmt].parts:
        if isinstance(part, Repeat):
            n = len(content.get(part.name) or [])
            out.append(Figure(part.name, "count", {"n": n, "min": part.min, "max": part.max or "∞"},
                              part.min <= n <= (part.max or n)))
    if fmt == "video_script":
        total = total_duration(content)
        lo, hi = VIDEO_TOTAL_S
        out.append(Figure("scenes", "total_duration", {"total": f"{total:g}", "min": f"{lo:g}", "max": f"{hi:g}"},
                          lo <= total <= hi))
    return out


def check_structured(fmt: str, content: dict, markers: Iterable[str] | None = None) -> tuple[dict | None, list[Problem]]:
    """(valid dumped content, []) or (None, problems). `markers`: the draft's source markers (S1, S2…); when given,
    a source outside them is a problem."""
    known = set(markers) if markers is not None else None
    problems = _problems(fmt, content, known)
    if problems:
        return None, problems
    try:
        return validated_content(fmt, content), []
    except StudioError as err:  # a rule the checks above don't know: still named, in the format's words
        return None, [Problem("", "invalid", {"detail": err.params.get("detail", "")})]


def _problems(fmt: str, content: dict, known: set[str] | None) -> list[Problem]:
    out: list[Problem] = []
    if not str(content.get("title") or "").strip():
        out.append(Problem("title", "required"))
    for part in EDITOR_LAYOUTS[fmt].parts:
        if not isinstance(part, Repeat):
            if part.kind == "choice" and content.get(part.name) not in part.choices:
                out.append(Problem(part.name, "choice", {"choices": ", ".join(part.choices)}))
            continue
        entries = content.get(part.name) or []
        if len(entries) < part.min:
            out.append(Problem(part.name, "too_few", {"n": len(entries), "min": part.min}))
        if part.max is not None and len(entries) > part.max:
            out.append(Problem(part.name, "too_many", {"n": len(entries), "max": part.max}))
        for i, entry in enumerate(entries):
            out += _entry_problems(fmt, f"{part.name}[{i}]", entry, part, known)
    if fmt == "video_script" and len(content.get("scenes") or []) >= 1:
        total = total_duration(content)
        lo, hi = VIDEO_TOTAL_S
        if not lo <= total <= hi:
            out.append(Problem("scenes", "total_range", {"total": f"{total:g}", "min": f"{lo:g}", "max": f"{hi:g}"}))
    return out


def _entry_problems(fmt: str, at: str, entry: dict, part: Repeat, known: set[str] | None) -> list[Problem]:
    out: list[Problem] = []
    for box in part.boxes:
        path, value = f"{at}.{box.name}", entry.get(box.name)
        if box.kind in ("line", "text") and box.name != "explanation" and not str(value or "").strip():
            out.append(Problem(path, "required"))
        elif box.kind in ("line", "text") and box.words and word_count(str(value)) > box.words:
            out.append(Problem(path, "too_many_words", {"n": word_count(str(value)), "max": box.words}))
        elif box.kind == "options":
            options = [str(o or "") for o in (value or [])]
            out += [Problem(f"{path}[{k}]", "required") for k, o in enumerate(options) if not o.strip()]
            filled = [o.strip().lower() for o in options if o.strip()]
            if len(options) != OPTIONS:
                out.append(Problem(path, "invalid", {"detail": f"{len(options)} / {OPTIONS}"}))
            elif len(set(filled)) != len(filled):
                out.append(Problem(path, "options_differ"))
        elif box.kind == "correct" and value not in range(OPTIONS):
            out.append(Problem(path, "correct_range"))
        elif box.kind == "marker":
            marker = str(value or "").strip("[] ")
            if not marker:
                out.append(Problem(path, "required"))
            elif known is not None and marker not in known:
                out.append(Problem(path, "unknown_source", {"marker": marker}))
        elif box.kind == "number":
            seconds = _seconds(value)
            if seconds is None or not 0 < seconds <= SCENE_MAX_S:
                out.append(Problem(path, "duration_range", {"max": f"{SCENE_MAX_S:g}"}))
    return out


def _seconds(value) -> float | None:
    try:
        return float(value)
    except (TypeError, ValueError):
        return None
