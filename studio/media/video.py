"""Short branded videos from a `VideoScript`: MP4 (H.264, yuv420p, +faststart) plus SRT and WebVTT.

Design (fast path, no moviepy compositing):

1. Every card is drawn ONCE with Pillow at full size: an intro and an outro (the infographic
   "cover" template: brand, title, the cited documents by name, AI label), and one base card per
   scene (brand line when the brand has a name, video title, the scene's on-screen text). No
   `[Sn]` marker is drawn or written to the caption files (`studio.media.sources.public_text`).
   Captions and the AI label are separate opaque patches, pre-rendered once per cue, pasted onto
   a frame by a numpy slice (no alpha blending).
2. Frames are produced as numpy arrays: a slow zoom (crop of the base card resized with Pillow's
   bilinear filter) of the card's body only (brand line and title stay still), the caption patch
   of the current cue, the AI label on every card shown in the first and last `LABEL_S` seconds,
   and a linear crossfade centred on every boundary between segments.
3. Raw RGB frames are piped to the ffmpeg binary shipped by imageio-ffmpeg (libx264, veryfast,
   yuv420p, +faststart), writing a temp file beside the output; `os.replace` publishes it only
   when ffmpeg succeeded. On cancel (`cancel.is_set()` is checked before every frame) or any
   error the temp file is deleted and nothing is written.

Timings come from `studio.media.captions.timeline`, so the burned-in captions, OUT.srt and
OUT.vtt agree.

Sound (optional, `studio.media.sound`): with a narrator every scene's narration is spoken, a
scene too short for its voice is lengthened (or its voice sped up, up to 1.5×, when a scene
would pass 30 s), its captions follow the voice, and a user's music file plays under it, ducked
while someone speaks. The track is mixed with NumPy into a WAV beside the output and encoded as
AAC (128 kb/s, stereo) by the same ffmpeg run. Without narrator and music the MP4 has no audio.
"""

from __future__ import annotations

import os
import re
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from PIL import Image

from studio.media.brand import BrandKit, load_brand
from studio.media.captions import Segment, caption_window, scene_cues, scene_timings, timeline, to_srt, to_vtt
from studio.media.infographic import LABELS, _Canvas, _size, render_infographic
from studio.media.sources import explicit_names, public_text, spec_source_names

LABEL_S = 3.0        # the AI label is on every card shown in the first and last LABEL_S seconds
ZOOM = 0.04          # a card grows by 4 % over its segment (0 = still cards)
ZOOM_EVERY = 3       # frames between two zoom steps (≈ 0.4 px per step at 1080 px: looks continuous)
OUTRO_TITLE = {"vi": "Cảm ơn bạn đã theo dõi", "en": "Thanks for watching"}


class VideoError(RuntimeError):
    pass


class VideoCancelled(VideoError):
    """`cancel` was set: the render stopped and left no output."""


@dataclass
class VideoResult:
    path: Path
    srt_path: Path
    vtt_path: Path
    duration_s: float
    frames: int
    cues: list = field(default_factory=list)
    audio: bool = False
    narration: str = "none"       # who spoke: "endpoint" | "espeak" | "none"
    music: bool = False
    durations: list = field(default_factory=list)  # each scene's length as rendered (narration may lengthen it)
    notices: list = field(default_factory=list)    # e.g. the speech endpoint failed and espeak-ng spoke instead


def ffmpeg_exe() -> str:
    import imageio_ffmpeg

    return imageio_ffmpeg.get_ffmpeg_exe()


# ---------------------------------------------------------------- cards

@dataclass
class _Patch:
    x: int
    y: int
    pixels: np.ndarray  # H×W×3 uint8, opaque


@dataclass
class _Card:
    seg: Segment
    base: Image.Image
    cues: list = field(default_factory=list)     # (start, end, _Patch)
    label: _Patch | None = None                   # None: no label patch (covers draw their own)
    zoom_box: tuple[int, int, int, int] | None = None  # the region that slowly zooms (chrome stays still)


def _layout(w: int, h: int, u: float) -> dict:
    """Regions of a scene card (caption band kept clear of the bottom ~15 % phone UI)."""
    m = max(2, round(64 * u))
    band_h = round(2 * 56 * u * 1.22 + 2 * 36 * u)  # two caption lines at the largest size + padding
    band_bottom = round(h * 0.84) if h > w else round(h * 0.92)
    return {
        "m": m,
        "band": (0, band_bottom - band_h, w, band_bottom),
        "label": (m, round(14 * u + 100 * u), w - m, round(14 * u + 100 * u + 60 * u)),
    }


def _scene_base(script, k: int, size, brand: BrandKit, lang: str) -> tuple[Image.Image, tuple]:
    scene = script.scenes[k]
    c = _Canvas(size, brand)
    W, H, u = c.w, c.h, c.u
    lay = _layout(W, H, u)
    m = lay["m"]
    c.draw.rectangle((0, 0, W, c.px(14)), fill=brand.rgb("primary"))
    top = c.px(14) + c.px(36)
    row = (top, top + c.px(40))
    if public_text(brand.name):
        c.text("brand", public_text(brand.name).upper(), c.bold, (m, row[0], W - m - c.px(120), row[1]), "primary",
               26, valign="middle")
    c.text("counter", f"{k + 1}/{len(script.scenes)}", c.bold, (W - m - c.px(120), row[0], W - m, row[1]), "muted",
           26, align="right", valign="middle")
    y = lay["label"][3] + c.px(24)
    tb = c.text("video_title", public_text(script.title), c.regular, (m, y, W - m, y + c.px(100)), "muted", 36,
                min_size=c.px(18))
    y = tb[3] + c.px(28)
    c.draw.rectangle((m + c.px(4), y, m + c.px(104), y + c.px(10)), fill=brand.rgb("secondary"))
    body = (m, y + c.px(50), W - m, lay["band"][1] - c.px(40))
    c.text("on_screen", public_text(scene.on_screen_text), c.bold, body, "text", 104, min_size=c.px(36),
           valign="middle")
    return c.img, (0, y + c.px(30), W, lay["band"][1] - c.px(8))  # below the accent bar, above the captions


def _caption_patch(text: str, size, brand: BrandKit) -> _Patch:
    c = _Canvas(size, brand)
    lay = _layout(c.w, c.h, c.u)
    x0, y0, x1, y1 = lay["band"]
    band = Image.new("RGB", (x1 - x0, y1 - y0), brand.rgb("text"))
    c.img, c.w, c.h = band, band.width, band.height
    from PIL import ImageDraw

    c.draw = ImageDraw.Draw(band)
    pad = c.px(36)
    c.text("caption", text, c.regular, (lay["m"], pad // 2, band.width - lay["m"], band.height - pad // 2),
           "on_primary", 56, min_size=c.px(26), align="center", valign="middle")
    return _Patch(x0, y0, np.asarray(band).copy())


def _label_patch(size, brand: BrandKit, lang: str) -> _Patch:
    c = _Canvas(size, brand)
    lay = _layout(c.w, c.h, c.u)
    x0, y0, x1, y1 = lay["label"]
    c.draw.rounded_rectangle(lay["label"], radius=(y1 - y0) // 2, fill=brand.rgb("secondary"))
    c.text("ai_label", LABELS[lang]["ai"], c.bold, (x0 + c.px(24), y0, x1 - c.px(24), y1), "on_primary", 30,
           min_size=c.px(14), align="center", valign="middle")
    return _Patch(x0, y0, np.asarray(c.img.crop(lay["label"])).copy())


def _cover(title: str, subtitle: str, sources: list[str], size, brand: BrandKit,
           lang: str) -> tuple[Image.Image, tuple]:
    spec = {"title": title, "subtitle": public_text(subtitle), "lang": lang, "sources": sources}
    img = render_infographic(spec, "cover", size, brand)
    boxes = [b.box for b in img.info["layout"] if b.role in ("title", "subtitle")]
    u = min(size) / 1080
    pad = max(2, round(80 * u))  # the bar above the title sits 40–50 units above it
    return img, (0, max(0, min(b[1] for b in boxes) - pad), size[0], min(size[1], max(b[3] for b in boxes) + pad))


def _cards(script, segments, size, brand, lang, windows=None, sources=()) -> list[_Card]:
    label = _label_patch(size, brand, lang)
    total = segments[-1].end
    cards = []
    for seg in segments:
        if seg.kind == "intro":
            base, box = _cover(script.title, brand.footer or brand.name, list(sources), size, brand, lang)
            cards.append(_Card(seg, base, zoom_box=box))
        elif seg.kind == "outro":
            base, box = _cover(OUTRO_TITLE[lang], script.title, list(sources), size, brand, lang)
            cards.append(_Card(seg, base, zoom_box=box))
        else:
            cues = scene_cues(script.scenes[seg.index].narration, *caption_window(seg, windows))
            patches = [(s, e, _caption_patch(t, size, brand)) for s, e, t in cues]
            base, box = _scene_base(script, seg.index, size, brand, lang)
            labelled = seg.start < LABEL_S or seg.end > total - LABEL_S
            cards.append(_Card(seg, base, patches, label if labelled else None, box))
    return cards


# ---------------------------------------------------------------- frames

class _Framer:
    def __init__(self, cards: list[_Card], size, crossfade_s: float, total: float, zoom: float, fps: int):
        self.cards, (self.w, self.h) = cards, size
        self.half, self.total, self.zoom, self.fps = crossfade_s / 2, total, zoom, fps
        self._still: dict = {}
        self._zoomed: dict = {}  # card → (step, zoomed base): one bilinear resize per ZOOM_EVERY frames

    def _zoomed_base(self, k: int, t: float) -> np.ndarray:
        step = int(t * self.fps + 1e-6) // ZOOM_EVERY
        hit = self._zoomed.get(k)
        if hit and hit[0] == step:
            return hit[1]
        card = self.cards[k]
        seg = card.seg
        tq = step * ZOOM_EVERY / self.fps
        p = min(1.0, max(0.0, (tq - (seg.start - self.half)) / (seg.duration + 2 * self.half)))
        z = 1 + self.zoom * p
        bx0, by0, bx1, by1 = card.zoom_box or (0, 0, self.w, self.h)
        bw, bh = bx1 - bx0, by1 - by0
        cw, ch = bw / z, bh / z
        x0, y0 = bx0 + (bw - cw) / 2, by0 + (bh - ch) / 2
        arr = self._base(k).copy()
        arr[by0:by1, bx0:bx1] = np.asarray(card.base.resize((bw, bh), Image.BILINEAR, box=(x0, y0, x0 + cw, y0 + ch)))
        self._zoomed[k] = (step, arr)
        return arr

    def _base(self, k: int) -> np.ndarray:
        if k not in self._still:
            self._still[k] = np.asarray(self.cards[k].base)
        return self._still[k]

    def card_frame(self, k: int, t: float) -> np.ndarray:
        card = self.cards[k]
        if self.zoom > 0:
            frame = self._zoomed_base(k, t)
            frame = frame.copy() if card.cues or card.label else frame
        else:
            frame = self._base(k)
            frame = frame.copy() if card.cues or card.label else frame
        if card.cues:
            patch = card.cues[-1][2]
            for s, e, p in card.cues:
                if t < e:
                    patch = p
                    break
            _paste(frame, patch)
        if card.label is not None:
            _paste(frame, card.label)
        return frame

    def frame(self, t: float) -> np.ndarray:
        n = len(self.cards)
        k = next((i for i, c in enumerate(self.cards) if t < c.seg.end), n - 1)
        seg = self.cards[k].seg
        a = self.card_frame(k, t)
        if k > 0 and t < seg.start + self.half:
            other, alpha = self.card_frame(k - 1, t), (seg.start + self.half - t) / (2 * self.half)
        elif k < n - 1 and t >= seg.end - self.half:
            other, alpha = self.card_frame(k + 1, t), (t - (seg.end - self.half)) / (2 * self.half)
        else:
            return a
        w = int(round(alpha * 256))
        mixed = (a.astype(np.uint16) * (256 - w) + other.astype(np.uint16) * w) >> 8
        return mixed.astype(np.uint8)


def _paste(frame: np.ndarray, patch: _Patch) -> None:
    ph, pw = patch.pixels.shape[:2]
    frame[patch.y : patch.y + ph, patch.x : patch.x + pw] = patch.pixels


# ---------------------------------------------------------------- encoding

def _ffmpeg_command(size, fps: int, out: Path, audio: Path | None = None) -> list[str]:
    w, h = size
    cmd = [ffmpeg_exe(), "-hide_banner", "-loglevel", "error", "-nostdin", "-y",
           "-f", "rawvideo", "-pix_fmt", "rgb24", "-s", f"{w}x{h}", "-r", str(fps), "-i", "pipe:0"]
    if audio is not None:
        cmd += ["-i", str(audio), "-map", "0:v:0", "-map", "1:a:0"]
    cmd += ["-c:v", "libx264", "-preset", "veryfast", "-crf", "20", "-pix_fmt", "yuv420p", "-r", str(fps),
            "-g", str(fps * 2)]
    cmd += ["-c:a", "aac", "-b:a", "128k", "-ac", "2", "-ar", "48000"] if audio is not None else ["-an"]
    cmd += ["-movflags", "+faststart", "-f", "mp4", str(out)]
    return cmd


def _publish(tmp, path: Path) -> None:
    """Rename a finished temp file into place with ordinary permissions (mkstemp makes it 0600)."""
    umask = os.umask(0)
    os.umask(umask)
    os.chmod(tmp, 0o666 & ~umask)
    os.replace(tmp, path)


def _write_text(path: Path, text: str) -> None:
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(text)
        _publish(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def render_video(script, out_path, size=(1080, 1920), fps: int = 30, brand: BrandKit | None = None,
                 lang: str = "vi", progress=None, cancel=None, *, intro_s: float = 1.5, outro_s: float = 2.0,
                 crossfade_s: float = 0.4, zoom: float = ZOOM, narrator=None, music=None,
                 message_lang: str | None = None, sources: list[str] | None = None) -> VideoResult:
    """Render `script` (a `VideoScript` or its dict) to `out_path` (.mp4) and write OUT.srt / OUT.vtt.

    `size` is (w, h), "WxH" or a name from `infographic.SIZES` (both sides even); `progress(fraction)`
    is called with non-decreasing values from 0.0 to 1.0; `cancel` is a `threading.Event` checked
    before every frame (raises `VideoCancelled`, nothing is left behind). Raises `VideoError` if
    ffmpeg fails, `ValueError` for a bad script or size, `StudioError("audio_invalid")` for a music
    file ffmpeg can't decode (before anything is written).

    `narrator`: a `narration.NarratorChoice` (or a narrator object) to speak each scene's narration;
    `music`: a path to an audio file played under it. Notices (fallbacks) are in `message_lang`.
    `sources`: the names of the documents cited, shown on the intro and outro; by default the script's own
    "sources" (names) or "citations" (a draft's, when the script is `studio draft --json` output).
    """
    from studio.drafting.formats import VideoScript

    if sources is None:
        sources = spec_source_names(script) if isinstance(script, dict) else []
    sources = explicit_names(sources)
    script = VideoScript.model_validate(script) if isinstance(script, dict) else script
    size = _size(size)
    if size[0] % 2 or size[1] % 2 or min(size) < 16:
        raise ValueError(f"video size {size[0]}x{size[1]} must have even sides of at least 16 px")
    if lang not in LABELS or lang not in OUTRO_TITLE:
        raise ValueError(f"unknown lang {lang!r} (vi or en)")
    brand = brand or load_brand()
    out = Path(out_path)
    out.parent.mkdir(parents=True, exist_ok=True)
    report = progress or (lambda f: None)
    report(0.0)

    sound = None
    if narrator is not None or music is not None:
        from studio.media.sound import plan_sound

        sound = plan_sound(script, narrator, music, lang, intro_s, outro_s, crossfade_s, cancel,
                           message_lang or lang)
        script = sound.script
        if cancel is not None and cancel.is_set():
            raise VideoCancelled("video render cancelled")
        report(0.04)
    windows = sound.windows if sound else None
    segments = timeline(script, intro_s, outro_s, crossfade_s)
    total = segments[-1].end
    n_frames = int(round(total * fps))
    cues = scene_timings(script, intro_s, outro_s, crossfade_s, windows)
    framer = _Framer(_cards(script, segments, size, brand, lang, windows, sources), size, crossfade_s, total, zoom, fps)
    first = 0.05 if sound else 0.0

    fd, tmp_name = tempfile.mkstemp(prefix=f".{out.stem}.", suffix=".part.mp4", dir=out.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    wav = out.parent / f".{tmp.name}.wav" if sound and sound.has_audio else None
    log = tempfile.TemporaryFile()
    proc = None
    try:
        if wav is not None:
            sound.write(n_frames / fps, wav)
        proc = subprocess.Popen(_ffmpeg_command(size, fps, tmp, wav), stdin=subprocess.PIPE,
                                stdout=subprocess.DEVNULL, stderr=log)
        step = max(1, fps // 6)
        for k in range(n_frames):
            if cancel is not None and cancel.is_set():
                raise VideoCancelled("video render cancelled")
            frame = framer.frame(k / fps)
            try:
                proc.stdin.write(memoryview(np.ascontiguousarray(frame)).cast("B"))
            except (BrokenPipeError, OSError):
                break  # ffmpeg died: its log says why
            if k % step == 0:
                report(first + (0.97 - first) * (k + 1) / n_frames)
        try:
            proc.stdin.close()
        except (BrokenPipeError, OSError):
            pass
        code = proc.wait()
        if code != 0:
            log.seek(0)
            raise VideoError(f"ffmpeg failed ({code}): {log.read().decode('utf-8', 'replace')[-800:].strip()}")
        report(0.98)
        srt, vtt = out.with_suffix(".srt"), out.with_suffix(".vtt")
        _write_text(srt, to_srt(cues))
        _write_text(vtt, to_vtt(cues))
        _publish(tmp, out)
    except BaseException:
        if proc is not None and proc.poll() is None:
            proc.kill()
            proc.wait()
        tmp.unlink(missing_ok=True)
        raise
    finally:
        log.close()
        if wav is not None:
            wav.unlink(missing_ok=True)
    report(1.0)
    return VideoResult(out, srt, vtt, n_frames / fps, n_frames, cues, audio=wav is not None,
                       narration=sound.kind if sound else "none", music=bool(sound and sound.music is not None),
                       durations=[s.duration_s for s in script.scenes], notices=sound.notices if sound else [])


# ---------------------------------------------------------------- inspection (no ffprobe needed)

def probe_video(path) -> dict:
    """Duration, size, codec, pixel format, fps and frame count of a video, from the ffmpeg binary."""
    info = subprocess.run([ffmpeg_exe(), "-hide_banner", "-nostdin", "-i", str(path), "-map", "0:v:0", "-c", "copy",
                           "-f", "null", "-"], capture_output=True, text=True, timeout=120).stderr
    out: dict = {"raw": info}
    if m := re.search(r"Duration: (\d+):(\d+):(\d+(?:\.\d+)?)", info):
        out["duration_s"] = int(m[1]) * 3600 + int(m[2]) * 60 + float(m[3])
    if m := re.search(r"Stream #\S+.*?: Video: (\w+).*?, (\w+)(?:\([^)]*\))?, (\d+)x(\d+)", info):
        out.update(codec=m[1], pix_fmt=m[2], width=int(m[3]), height=int(m[4]))
    if m := re.search(r"Stream #\S+.*?: Audio: (\w+).*?, (\d+) Hz, (\w+)", info):
        out.update(audio_codec=m[1], audio_rate=int(m[2]), audio_layout=m[3])
    if m := re.search(r"(\d+(?:\.\d+)?) fps", info):
        out["fps"] = float(m[1])
    frames = re.findall(r"frame=\s*(\d+)", info)
    if frames:
        out["frames"] = int(frames[-1])
    return out
