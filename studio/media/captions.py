"""Captions for rendered videos: the timeline of a `VideoScript`, and SRT / WebVTT files.

Timeline (shared with `studio.media.video`, so burned-in captions and caption files agree):

    [intro][scene 1][scene 2]…[scene n][outro]

Each segment keeps its nominal length (intro_s, every scene's `duration_s`, outro_s), so the
video lasts intro_s + Σ duration_s + outro_s. A crossfade of `crossfade_s` is centred on every
boundary between two segments; a scene is fully visible from `start + crossfade_s/2` (no fade
in front of the first segment) to `end - crossfade_s/2` (none after the last one), and its
captions live in that window.

Captions are the scene's narration with the `[Sn]` markers stripped (`studio.media.sources.public_text`),
cut into cues of at most 2 lines of at most 42 characters (lines break at spaces). A cue never spans two
sentences unless both are one line long. A sentence too long for one cue is cut at phrase boundaries:
after ";" or ":", then after ",", a dash or a closing bracket, then before a conjunction ("và", "nhưng",
"để", "and", "but"…), then before a preposition ("trong", "với", "for"…), and in the middle of a phrase
only when no boundary lies within a cue's length; among equal cuts the fewest, fullest cues win
(`_cue_cuts`, a small dynamic programme). Inside a cue, the line break prefers a boundary too. A long
narration becomes several cues sharing the scene's window in proportion to their length. Times are whole
milliseconds, so the files are deterministic.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import pairwise

MAX_CHARS = 42
MAX_LINES = 2
_SENTENCE_END = re.compile(r"(?<=[.!?…])\s+")
# words that open a phrase: a cue may end just before them (two-word ones are matched with the next word)
CONJUNCTIONS = frozenset({
    "và", "nhưng", "để", "hoặc", "hay", "mà", "nên", "vì", "nếu", "khi", "thì", "nhằm", "song", "tuy", "bởi",
    "còn", "rồi", "cùng", "cũng như", "trong khi", "sau khi", "trước khi", "đồng thời", "bên cạnh", "tuy nhiên",
    "do đó", "vì vậy", "bao gồm", "kể cả",
    "and", "but", "or", "so", "because", "while", "when", "where", "which", "who", "whose", "if", "although",
    "though", "whereas", "unless", "until", "as well"})
PREPOSITIONS = frozenset({
    "trong", "với", "tại", "từ", "đến", "cho", "về", "theo", "qua", "trên", "dưới", "giữa", "ngoài", "sau",
    "trước", "thông", "nhờ",
    "in", "with", "at", "from", "for", "about", "to", "on", "through", "after", "before", "during", "into", "by"})
# cost of cutting a sentence between two words, by what separates them (see `cut_kind`)
_CUT_COST = {"clause": 0.0, "comma": 1.0, "conjunction": 3.0, "preposition": 12.0, "mid": 60.0}
_CUE_COST = 4.0  # each cue more (fewer, fuller cues win among equal cuts)


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


def _bare(word: str) -> str:
    return word.strip("\"'“”‘’()[]«»…,.;:!?").lower()


def cut_kind(words: list[str], k: int) -> str:
    """What separates words[k-1] and words[k]: "end" (after the last word), "clause" (after ; : . ! ?),
    "comma" (after a comma or a closing bracket/quote, around a dash), "conjunction" (before one),
    "preposition" (before one) or "mid" (inside a phrase)."""
    if k >= len(words):
        return "end"
    prev, nxt = words[k - 1], words[k]
    if prev[-1:] in (";", ":", ".", "!", "?", "…"):
        return "clause"
    if prev[-1:] in (",", ")", "]", "”", "’", '"', "»") or "–" in (nxt, prev) or "—" in (nxt, prev) \
            or "-" in (nxt, prev) or nxt[:1] in ("(", "“", "«", "\""):
        return "comma"
    head = _bare(nxt)
    pair = f"{head} {_bare(words[k + 1])}" if k + 1 < len(words) else ""
    if head in CONJUNCTIONS or pair in CONJUNCTIONS:
        return "conjunction"
    if head in PREPOSITIONS:
        return "preposition"
    return "mid"


def _two_lines(words: list[str], width: int) -> list[str] | None:
    """`words` as one line, or as two lines of ≤ `width` (balanced, breaking at a phrase boundary when one
    is within a few characters of the balanced break); None if that needs more lines."""
    one = " ".join(words)
    if len(one) <= width or len(words) == 1:
        return [one]
    best = None
    for k in range(1, len(words)):
        a, b = " ".join(words[:k]), " ".join(words[k:])
        if len(a) <= width and len(b) <= width:
            score = max(len(a), len(b)) + {"clause": 0, "comma": 0, "conjunction": 4}.get(cut_kind(words, k), 10)
            score += 15 if k in (1, len(words) - 1) else 0  # no lone word on a line
            if best is None or score < best[0]:
                best = (score, [a, b])
    return best[1] if best else None


def _cue_cuts(words: list[str], width: int) -> list[list[str]]:
    """`words` (one sentence) cut into cues of ≤ 2 lines at the cheapest phrase boundaries.

    Hard rule: a cue ends inside a phrase (or before a preposition) only when no phrase boundary (after
    ; : , or a dash, before a conjunction, or the sentence's end) lies within its reach, a cue of one word
    aside. Among the allowed cuts, the cheapest sequence wins (`_CUT_COST`, `_CUE_COST`, short cues cost).
    """
    n = len(words)
    kinds = [""] + [cut_kind(words, k) for k in range(1, n + 1)]
    reach = []  # reach[i]: the furthest end of a cue starting at word i
    for i in range(n):
        j = i + 1
        while j < n and _two_lines(words[i:j + 1], width) is not None:
            j += 1
        reach.append(j)
    strong = ("end", "clause", "comma", "conjunction")
    best: list[tuple[float, int] | None] = [None] * (n + 1)
    best[0] = (0.0, 0)
    for i in range(n):
        if best[i] is None:
            continue
        bound = any(kinds[k] in strong for k in range(i + 2, reach[i] + 1))
        for j in range(i + 1, reach[i] + 1):
            if bound and kinds[j] not in strong:
                continue
            chars = len(" ".join(words[i:j]))
            short = max(0.0, 24 - chars) / 4 + (20.0 if j - i == 1 and n > 1 else 0.0)  # no stub, no orphan
            cost = best[i][0] + _CUE_COST + _CUT_COST.get(kinds[j], 0.0) + short
            if best[j] is None or cost < best[j][0] - 1e-9:
                best[j] = (cost, i)
    bounds, j = [n], n
    while j > 0:
        j = best[j][1]
        bounds.append(j)
    bounds.reverse()
    return [words[a:b] for a, b in pairwise(bounds)]


def split_caption(text: str, width: int = MAX_CHARS, max_lines: int = MAX_LINES) -> list[str]:
    """Cue texts (lines joined by "\\n") for one narration; markers must already be stripped.

    Each sentence becomes cues of ≤ 2 lines of ≤ `width` characters cut at phrase boundaries (see the
    module's docstring); two consecutive one-line sentences share a cue.
    """
    assert max_lines == 2, "cues have at most two lines"
    text = " ".join(text.split())
    blocks: list[list[str]] = []
    for sentence in _SENTENCE_END.split(text) if text else []:
        for group in _cue_cuts(sentence.split(), width):
            blocks.append(_two_lines(group, width) or [" ".join(group)])
    merged: list[list[str]] = []
    for block in blocks:  # two one-line sentences share a cue
        if merged and len(block) == 1 and len(merged[-1]) == 1:
            merged[-1] = merged[-1] + block
        else:
            merged.append(block)
    return ["\n".join(b) for b in merged]


def scene_cues(narration: str, start: float, end: float) -> list[tuple[float, float, str]]:
    """Cues of one scene's narration spread over [start, end] in proportion to their length."""
    from studio.media.sources import public_text

    texts = split_caption(public_text(narration))
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
