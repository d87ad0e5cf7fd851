"""Captions for rendered videos: the timeline of a `VideoScript`, and SRT / WebVTT files.

Timeline (shared with `studio.media.video`, so burned-in captions and caption files agree):

    [intro][scene 1][scene 2]…[scene n][outro]

Each segment keeps its nominal length (intro_s, every scene's `duration_s`, outro_s), so the
video lasts intro_s + Σ duration_s + outro_s. A crossfade of `crossfade_s` is centred on every
boundary between two segments; a scene is fully visible from `start + crossfade_s/2` (no fade
in front of the first segment) to `end - crossfade_s/2` (none after the last one), and its
captions live in that window.

Captions are the scene's narration with the `[Sn]` markers stripped, cut into cues of at most
2 balanced lines of at most 42 characters (lines break at spaces; a long sentence is cut into
cues of about equal length; a cue never spans two sentences unless both are one line long). A long narration becomes several cues sharing the scene's window in
proportion to their length. Times are whole milliseconds, so the files are deterministic.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

MAX_CHARS = 42
MAX_LINES = 2
_SENTENCE_END = re.compile(r"(?<=[.!?…;:])\s+")


@dataclass(frozen=True)
class Segment:
    kind: str            # "intro" | "scene" | "outro"
    index: int           # scene index (0-based); -1 for intro/outro
    start: float         # nominal start (crossfade midpoint with the previous segment)
    end: float           # nominal end
    visible_start: float  # fully visible from …
    visible_end: float    # … to (the window captions are placed in)

    @property
    def duration(self) -> float:
        return self.end - self.start


def _scenes(script):
    if isinstance(script, dict):
        from studio.drafting.formats import VideoScript

        script = VideoScript.model_validate(script)
    return script


def timeline(script, intro_s: float = 1.5, outro_s: float = 2.0, crossfade_s: float = 0.4) -> list[Segment]:
    """The segments of the video: intro (if intro_s > 0), one per scene, outro (if outro_s > 0)."""
    script = _scenes(script)
    if min(intro_s, outro_s, crossfade_s) < 0:
        raise ValueError("intro_s, outro_s and crossfade_s must be ≥ 0")
    parts: list[tuple[str, int, float]] = []
    if intro_s > 0:
        parts.append(("intro", -1, float(intro_s)))
    parts += [("scene", k, float(s.duration_s)) for k, s in enumerate(script.scenes)]
    if outro_s > 0:
        parts.append(("outro", -1, float(outro_s)))
    shortest = min(d for _, _, d in parts)
    if crossfade_s > shortest:
        raise ValueError(f"crossfade_s {crossfade_s} is longer than the shortest segment ({shortest} s)")
    half = crossfade_s / 2
    out, t = [], 0.0
    for n, (kind, idx, dur) in enumerate(parts):
        start, end = t, t + dur
        vs = start + (half if n > 0 else 0.0)
        ve = end - (half if n < len(parts) - 1 else 0.0)
        out.append(Segment(kind, idx, _ms(start), _ms(end), _ms(vs), _ms(ve)))
        t = end
    return out


def _ms(t: float) -> float:
    return round(t * 1000) / 1000


# ---------------------------------------------------------------- splitting text into cues

def wrap_chars(text: str, width: int = MAX_CHARS) -> list[str]:
    """Greedy wrap at spaces to lines of ≤ `width` characters (a longer word stays whole)."""
    lines: list[str] = []
    current = ""
    for word in text.split():
        if not current:
            current = word
        elif len(current) + 1 + len(word) <= width:
            current = f"{current} {word}"
        else:
            lines.append(current)
            current = word
    if current:
        lines.append(current)
    return lines


def _two_lines(words: list[str], width: int) -> list[str] | None:
    """`words` as one line, or as two lines balanced in length; None if that needs more lines."""
    one = " ".join(words)
    if len(one) <= width or len(words) == 1:
        return [one]
    best = None
    for k in range(1, len(words)):
        a, b = " ".join(words[:k]), " ".join(words[k:])
        if len(a) <= width and len(b) <= width and (best is None or max(len(a), len(b)) < best[0]):
            best = (max(len(a), len(b)), [a, b])
    return best[1] if best else None


def _groups(words: list[str], n: int) -> list[list[str]]:
    """`words` cut into n runs of about the same number of characters."""
    ends, acc = [], 0
    for w in words:
        acc += len(w) + 1
        ends.append(acc)
    cuts, start = [], 0
    for j in range(1, n):
        target = acc * j / n
        k = min(range(start + 1, len(words) - (n - j) + 1), key=lambda i: abs(ends[i - 1] - target))
        cuts.append(k)
        start = k
    bounds = [0, *cuts, len(words)]
    return [words[a:b] for a, b in zip(bounds, bounds[1:])]


def split_caption(text: str, width: int = MAX_CHARS, max_lines: int = MAX_LINES) -> list[str]:
    """Cue texts (lines joined by "\\n") for one narration; markers must already be stripped.

    Each sentence becomes the fewest cues of ≤ 2 balanced lines of ≤ `width` characters (no
    orphan word in a cue of its own); two consecutive one-line sentences share a cue.
    """
    assert max_lines == 2, "cues have at most two lines"
    text = " ".join(text.split())
    blocks: list[list[str]] = []
    for sentence in _SENTENCE_END.split(text) if text else []:
        words = sentence.split()
        n = max(1, -(-len(wrap_chars(sentence, width)) // 2))
        while True:
            groups = _groups(words, min(n, len(words)))
            cues = [_two_lines(g, width) for g in groups]
            if all(cues) or n >= len(words):
                break
            n += 1
        blocks += [c or [" ".join(g)] for c, g in zip(cues, groups)]
    merged: list[list[str]] = []
    for block in blocks:  # two one-line sentences share a cue
        if merged and len(block) == 1 and len(merged[-1]) == 1:
            merged[-1] = merged[-1] + block
        else:
            merged.append(block)
    return ["\n".join(b) for b in merged]


def scene_cues(narration: str, start: float, end: float) -> list[tuple[float, float, str]]:
    """Cues of one scene's narration spread over [start, end] in proportion to their length."""
    from studio.drafting.formats import strip_markers

    texts = split_caption(strip_markers(narration))
    if not texts:
        return []
    weights = [len(t.replace("\n", " ")) for t in texts]
    total = sum(weights)
    out, acc = [], 0
    for text, w in zip(texts, weights):
        s = start + (end - start) * acc / total
        acc += w
        e = start + (end - start) * acc / total
        out.append((_ms(s), _ms(e), text))
    return out


def scene_timings(script, intro_s: float = 1.5, outro_s: float = 2.0, crossfade_s: float = 0.4,
                  windows: dict[int, tuple[float, float]] | None = None) -> list[tuple[float, float, str]]:
    """Every caption cue of the video as (start_s, end_s, text), in order, non-overlapping.

    A scene's cues fill its visible window, or `windows[scene index]` when given (the span its
    narration is spoken in, so captions follow the voice).
    """
    script = _scenes(script)
    cues = []
    for seg in timeline(script, intro_s, outro_s, crossfade_s):
        if seg.kind == "scene":
            cues += scene_cues(script.scenes[seg.index].narration, *caption_window(seg, windows))
    return cues


def caption_window(seg: Segment, windows: dict[int, tuple[float, float]] | None) -> tuple[float, float]:
    if windows and seg.index in windows:
        return windows[seg.index]
    return seg.visible_start, seg.visible_end


# ---------------------------------------------------------------- file formats

def _stamp(t: float, sep: str) -> str:
    ms = round(t * 1000)
    h, rest = divmod(ms, 3_600_000)
    m, rest = divmod(rest, 60_000)
    s, ms = divmod(rest, 1000)
    return f"{h:02d}:{m:02d}:{s:02d}{sep}{ms:03d}"


def to_srt(cues) -> str:
    blocks = [f"{n}\n{_stamp(s, ',')} --> {_stamp(e, ',')}\n{text}\n" for n, (s, e, text) in enumerate(cues, 1)]
    return "\n".join(blocks)


def to_vtt(cues) -> str:
    blocks = [f"{_stamp(s, '.')} --> {_stamp(e, '.')}\n{text}\n" for s, e, text in cues]
    return "WEBVTT\n\n" + "\n".join(blocks)
