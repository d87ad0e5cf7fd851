"""What the faces call to make media: example specs, spec parsing, draft → spec, renders into a folder.

Renders of one app session go to `<data dir>/renders/<session id>/` under fixed names (`card.png`,
`card.pdf`, `video.mp4` + `.srt` + `.vtt`, `music.<ext>`), so a new render replaces the previous
one (the video only once it is complete) and a session never fills the disk; folders untouched
for `RENDER_MAX_AGE_S` are removed when a new session starts. Every failure a user can fix is a
`StudioError`.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import tempfile
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

from studio.errors import StudioError
from studio.media.sources import (
    cited_markers,
    explicit_names,
    public_text,
    source_names,
)

EXAMPLES_DIR = Path(__file__).with_name("examples")
KINDS = ("infographic", "video")
VIDEO_SIZES: dict[str, tuple[int, int]] = {
    "story": (1080, 1920),
    "square": (1080, 1080),
    "landscape": (1920, 1080),
    "preview": (540, 960),  # a quick look at a vertical video, about 4× faster than "story"
}
MUSIC_TYPES = ("mp3", "wav", "ogg", "m4a")
RENDER_MAX_AGE_S = 24 * 3600
_SESSION_ID = re.compile(r"^[0-9a-f]{32}$")


@dataclass
class CardFiles:
    png: str
    pdf: str | None
    alt_text: str
    width: int
    height: int
    template: str
    stem: str  # download file name without extension, ASCII

    def as_state(self) -> dict:
        return asdict(self)


@dataclass
class VideoFiles:
    mp4: str
    srt: str
    vtt: str
    duration_s: float
    width: int
    height: int
    narration: str = "none"   # who spoke: "endpoint" | "espeak" | "none"
    audio: bool = False
    music: bool = False
    stem: str = "video"
    notices: list = field(default_factory=list)

    def as_state(self) -> dict:
        return asdict(self)


# ---------------------------------------------------------------- specs

def example_text(kind: str, lang: str) -> str:
    """A ready-to-render example spec (JSON text) for "infographic" or "video", in `lang` (vi/en)."""
    if kind not in KINDS:
        raise ValueError(f"unknown media kind {kind!r}")
    path = EXAMPLES_DIR / f"{kind}.{lang}.json"
    return (path if path.is_file() else EXAMPLES_DIR / f"{kind}.vi.json").read_text(encoding="utf-8")


def draft_source_names(draft: dict) -> list[str]:
    """The titles of the documents a dumped `Draft` (or a workflow version as the Compose page hands it over)
    cites, one per document, in the order its content first cites them: what a card's footer and a video's
    intro and outro name, and the titles the export bundle lists for the same item."""
    content = draft.get("content") or {}
    return source_names(draft.get("citations") or [], cited_markers(content))


def spec_from_draft(draft: dict | None) -> tuple[str, dict] | None:
    """("infographic", spec) or ("video", script) from a dumped `Draft` whose format has a media kind in the
    format registry (infographic brief, quiz as a card of its first question, video script), else None.

    Each carries "sources": the names of the documents cited (`draft_source_names`), never a marker.
    """
    from studio.drafting.registry import spec_of

    if not draft:
        return None
    fmt, content = draft["request"]["format"], dict(draft["content"])
    media = spec_of(fmt).media
    if media is None:
        return None
    names = draft_source_names(draft)
    if media == "video":
        return "video", {**content, **({"sources": names} if names else {})}
    lang = draft["request"]["lang"]
    if fmt == "quiz":
        first = content["questions"][0]
        spec = {"title": content["title"], "template": "quiz_card", "question": first["question"],
                "options": first["options"], "lang": lang}
    else:
        spec = {**content, "lang": lang}
    if names:
        spec["sources"] = names
    return "infographic", spec


def parse_spec(raw: str | bytes, kind: str, name: str = "JSON", limit: int | None = None) -> dict:
    """The spec in `raw` (JSON text or an uploaded file's bytes), checked enough to render.

    A video script is validated against `VideoScript` here; an infographic spec is checked by the
    renderer (`make_card`), which knows each template's fields.
    """
    if isinstance(raw, bytes):
        if limit is not None and len(raw) > limit:
            raise StudioError("too_large", name=name, size_mb=len(raw) / 2**20, limit_mb=limit / 2**20)
        try:
            raw = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise StudioError("bad_encoding", name=name) from None
    try:
        spec = json.loads(raw)
    except json.JSONDecodeError as exc:
        raise StudioError("spec_bad_json", name=name, line=exc.lineno, col=exc.colno) from None
    if not isinstance(spec, dict) or not str(spec.get("title") or "").strip():
        raise StudioError("spec_not_object", name=name)
    if kind == "video":
        from pydantic import ValidationError

        from studio.drafting.formats import VideoScript

        try:
            script = VideoScript.model_validate(spec).model_dump()
        except ValidationError as exc:
            raise StudioError("video_invalid", name=name, detail=_errors(exc)) from None
        for key in ("sources", "citations"):  # the documents cited: named on the intro and outro
            if spec.get(key):
                if not isinstance(spec[key], list):
                    raise StudioError("video_invalid", name=name, detail=f"{key}: a list is expected")
                script[key] = spec[key]
        return script
    return spec


def json_text(spec: dict) -> str:
    """A spec as the JSON text a user reads and edits (Vietnamese letters kept, indented)."""
    return json.dumps(spec, ensure_ascii=False, indent=2)


def download_stem(title: str, fallback: str) -> str:
    """An ASCII file name from a (Vietnamese) title: 'Công đoàn số' → 'cong-doan-so'."""
    from studio.knowledge.textnorm import fold

    stem = ""
    for word in fold(title).split():  # whole words only, up to 60 characters
        if len(stem) + len(word) + 1 > 60:
            break
        stem = f"{stem}-{word}" if stem else word
    return stem or fallback


# ---------------------------------------------------------------- folders and uploads

def session_folder(settings, session_id: str) -> Path:
    """The render folder of one app session (created; stale folders of other sessions are removed)."""
    if not _SESSION_ID.match(session_id):
        raise ValueError("session id must be 32 hex digits")
    root = Path(settings.data_dir) / "renders"
    folder = root / session_id
    if not folder.is_dir():
        prune_renders(root)
        folder.mkdir(parents=True, exist_ok=True)
    return folder


def prune_renders(root: Path, max_age_s: float = RENDER_MAX_AGE_S) -> None:
    if not root.is_dir():
        return
    cutoff = time.time() - max_age_s
    for folder in root.iterdir():
        if folder.is_dir() and _SESSION_ID.match(folder.name) and _newest(folder) < cutoff:
            shutil.rmtree(folder, ignore_errors=True)


def _newest(folder: Path) -> float:
    return max([folder.stat().st_mtime] + [p.stat().st_mtime for p in folder.iterdir()])


def store_upload(folder: Path, name: str, data: bytes, allowed: tuple[str, ...], limit: int,
                 stem: str = "upload") -> Path:
    """Write an uploaded file as `<folder>/<stem>.<ext>` after checking its extension and size."""
    ext = Path(name).suffix.lower().lstrip(".")
    if ext not in allowed:
        raise StudioError("unsupported_type", ext=ext or "-", name=name, supported=", ".join(allowed))
    if len(data) > limit:
        raise StudioError("too_large", name=name, size_mb=len(data) / 2**20, limit_mb=limit / 2**20)
    path = folder / f"{stem}.{ext}"
    _write_atomic(path, data)
    return path


def _write_atomic(path: Path, data: bytes) -> None:
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


# ---------------------------------------------------------------- renders

def make_card(spec: dict, template: str | None, size: str, lang: str, brand, folder: Path,
              name: str = "JSON") -> CardFiles:
    """Render an infographic to `folder/card.png` (and `card.pdf` for A4); the spec's labels in `lang`."""
    from studio.media.infographic import render_infographic, to_bytes

    try:
        img = render_infographic({**spec, "lang": lang}, template or None, size, brand)
    except (ValueError, KeyError, TypeError, AttributeError) as exc:  # a field missing or of the wrong type
        raise StudioError("infographic_invalid", name=name, detail=_detail(exc)) from None
    png = folder / "card.png"
    _write_atomic(png, to_bytes(img, "png"))
    pdf = None
    if size == "a4":
        pdf = folder / "card.pdf"
        _write_atomic(pdf, to_bytes(img, "pdf"))
    return CardFiles(str(png), str(pdf) if pdf else None, img.info["alt_text"], img.width, img.height,
                     img.info["template"], download_stem(str(spec.get("title", "")), "infographic"))


def make_video(script: dict, folder: Path, size: str, lang: str, brand, *, narrator=None,
               music: Path | None = None, music_name: str | None = None, progress=None, cancel=None,
               message_lang: str = "vi", name: str = "JSON") -> VideoFiles:
    """Render a video script to `folder/video.mp4` (+ .srt, .vtt); a cancelled render leaves the last one.

    `narrator` is a `narration.NarratorChoice` (None or kind "none": captions only); `music` an
    audio file played under the narration, `music_name` the name its user knows it by.
    """
    from studio.media.video import VideoCancelled, VideoError, render_video

    w, h = VIDEO_SIZES[size]
    if narrator is not None and narrator.kind == "none":
        narrator = None
    try:
        result = render_video(script, folder / "video.mp4", size=(w, h), brand=brand, lang=lang, progress=progress,
                              cancel=cancel, narrator=narrator, music=music, message_lang=message_lang)
    except VideoCancelled:
        raise StudioError("render_cancelled") from None
    except StudioError as err:
        if err.code == "audio_invalid" and music_name:  # name the file as uploaded, not as stored
            raise StudioError(err.code, **{**err.params, "name": music_name}) from None
        raise
    except (ValueError, VideoError) as exc:
        raise StudioError("video_invalid", name=name, detail=_detail(exc)) from None
    return VideoFiles(str(result.path), str(result.srt_path), str(result.vtt_path), result.duration_s, w, h,
                      narration=result.narration, audio=result.audio, music=result.music,
                      stem=download_stem(str(script.get("title", "")), "video"), notices=list(result.notices))


def preview_brand(brand, lang: str, source: str, size: tuple[int, int] = (720, 720)) -> bytes:
    """PNG of a cover card in the brand's colours, logo and fonts: the brand kit's preview."""
    from studio.media.infographic import render_infographic, to_bytes

    title = public_text(brand.name) or public_text(brand.footer) or {"vi": "Bộ nhận diện", "en": "Brand kit"}.get(
        lang, "Brand kit")  # a kit without a name still gets a preview
    subtitle = public_text(brand.footer) if public_text(brand.footer) != title else ""
    spec = {"title": title, "subtitle": subtitle or None, "lang": lang, "sources": explicit_names([source])}
    return to_bytes(render_infographic(spec, "cover", size, brand), "png")


def _errors(exc) -> str:
    return "; ".join(f"{'.'.join(map(str, e['loc'])) or '-'}: {e['msg']}" for e in exc.errors()[:3])


def _detail(exc: Exception) -> str:
    text = " ".join(str(exc).split())
    return (f"{type(exc).__name__}: {text}" if isinstance(exc, (KeyError, TypeError, AttributeError)) else text)[:200]
