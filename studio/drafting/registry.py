"""The registry of content formats: one spec per format, read by every consumer.

The Compose list, the CLI's `--format` choices, text rendering, the offline composer, the editors, media
rendering, publishing and the prompt files all derive from `FORMATS`. Adding a format is its model in
`formats.py` (with `FormatName`), its offline builder, one `FormatSpec` here, its two prompt files
(`prompts/<name>.<lang>.md`) and its name in the UI strings (`format_<name>`); tests/test_format_registry.py
walks every spec through every consumer. An unknown format is a `StudioError("format_unknown")`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from types import MappingProxyType

from pydantic import BaseModel

from studio.drafting import lines as L
from studio.drafting.fields import EDITOR_LAYOUTS, EditorLayout
from studio.drafting.formats import FORMAT_MODELS, FormatName
from studio.drafting.offline import media_formats as M
from studio.drafting.offline import text_formats as X
from studio.errors import StudioError

LANGS = ("vi", "en")


@dataclass(frozen=True)
class FormatSpec:
    """What the product knows about one format.

    `build`: the offline composer's builder (context, ranked sentences → model). `lines`: the content as
    readable lines (content, labels → lines). `editor`: its layout in the editors (`studio.drafting.fields`:
    text boxes per field, or the structured quiz, scene and item editors). `media`: what the Media page
    renders from it ("video", "infographic" — a quiz as the card of its first question — or None).
    `titled`: the first line of its text is a title. `passages`: the least number of passages retrieved
    for it (the request's `k` when larger)."""

    name: str
    model: type[BaseModel]
    build: Callable
    lines: Callable[[dict, dict], list[str]]
    editor: EditorLayout
    media: str | None = None
    titled: bool = True
    passages: int = 0  # at least this many passages are retrieved: formats built from figures need a wider net

    def prompt_files(self) -> list[str]:
        return [f"{self.name}.{lang}.md" for lang in LANGS]

    def label_key(self) -> str:
        return f"format_{self.name}"


def _spec(name: str, build: Callable, lines: Callable, **parts) -> FormatSpec:
    return FormatSpec(name, FORMAT_MODELS[name], build, lines, EDITOR_LAYOUTS[name], **parts)


_SPECS = (
    _spec("article", X._article, L.article_lines),
    _spec("news_brief", X._news_brief, L.titled_paragraphs("headline")),
    _spec("social_post", X._social_post, L.social_post_lines, titled=False),
    _spec("zalo_message", X._zalo_message, L.zalo_message_lines, titled=False),
    _spec("newsletter", X._newsletter, L.titled_paragraphs("title")),
    _spec("talking_points", X._talking_points, L.talking_points_lines),
    _spec("quiz", M._quiz, L.quiz_lines, media="infographic", passages=12),
    _spec("video_script", M._video_script, L.video_script_lines, media="video"),
    _spec("infographic_brief", M._infographic_brief, L.infographic_brief_lines, media="infographic", passages=12),
)
FORMATS: MappingProxyType = MappingProxyType({s.name: s for s in _SPECS})  # name → spec, in menu order
if set(FORMATS) != {f.value for f in FormatName} or set(FORMATS) != set(FORMAT_MODELS):
    raise RuntimeError("the format registry, FormatName and FORMAT_MODELS disagree")
NAMES: tuple[str, ...] = tuple(FORMATS)
MEDIA_FORMATS: tuple[str, ...] = tuple(s.name for s in _SPECS if s.media)


def spec_of(fmt: str) -> FormatSpec:
    """The spec of `fmt`, or `StudioError("format_unknown")` naming the known ones."""
    spec = FORMATS.get(str(getattr(fmt, "value", fmt)))
    if spec is None:
        raise StudioError("format_unknown", format=str(fmt), known=", ".join(NAMES))
    return spec
