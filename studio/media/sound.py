"""Plan a video's sound: speak every scene, fit scenes to their voices, place the voices and the music.

`plan_sound` runs before any frame is drawn (a bad music file fails fast, nothing is written):

- each scene's narration (markers stripped) is synthesised by `studio.media.narration`;
- silence around each clip is trimmed and the clip normalised;
- a scene shorter than LEAD_S + voice + TAIL_S + the crossfade is lengthened to fit; a scene that
  would pass the 30-s scene limit keeps 30 s and its voice is sped up (at most `audio.MAX_TEMPO`;
  if it still doesn't fit it is cut with a short fade and a notice says so);
- each voice starts LEAD_S after its scene is fully visible; `windows` holds the span it is
  spoken in, so the captions of that scene follow the voice.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from studio.media import audio

LEAD_S = 0.25
TAIL_S = 0.35
MAX_SCENE_S = 30.0


@dataclass
class SoundPlan:
    script: object                                   # the VideoScript with fitted durations
    voices: list = field(default_factory=list)       # (start_s, samples)
    windows: dict = field(default_factory=dict)      # scene index → (start_s, end_s) of its voice
    music: np.ndarray | None = None
    kind: str = "none"                               # who spoke
    notices: list = field(default_factory=list)

    @property
    def has_audio(self) -> bool:
        return bool(self.voices) or self.music is not None

    def track(self, total_s: float) -> np.ndarray:
        return audio.mix(total_s, self.voices, self.music)

    def write(self, total_s: float, path: Path) -> Path:
        return audio.write_wav(self.track(total_s), path)


def _choice(narrator):
    from studio.media.narration import NarratorChoice

    if narrator is None or isinstance(narrator, NarratorChoice):
        return narrator
    return NarratorChoice(narrator, narrator.kind, getattr(narrator, "detail", ""))


def _fit(clip: bytes, scene_s: float, crossfade_s: float, name: str) -> tuple[np.ndarray, float, bool]:
    """The voice samples, the scene length that holds them, and whether the voice had to be cut."""
    voice = audio.normalise(audio.trim_silence(audio.decode(clip, name)))
    room = MAX_SCENE_S - LEAD_S - TAIL_S - crossfade_s
    if audio.seconds(voice) > room:
        tempo = min(audio.MAX_TEMPO, audio.seconds(voice) / room)
        voice = audio.normalise(audio.trim_silence(audio.decode(clip, name, tempo=tempo)))
    cut = audio.seconds(voice) > room
    if cut:
        keep = int(room * audio.RATE)
        fade = min(keep, int(0.3 * audio.RATE))
        voice = voice[:keep].copy()
        voice[keep - fade :] *= np.linspace(1.0, 0.0, fade, dtype=np.float32)
    need = LEAD_S + audio.seconds(voice) + TAIL_S + crossfade_s
    return voice, max(scene_s, min(MAX_SCENE_S, math.ceil(need * 10) / 10)), cut


def plan_sound(script, narrator, music, lang: str, intro_s: float, outro_s: float, crossfade_s: float,
               cancel=None, message_lang: str = "vi") -> SoundPlan:
    from studio.drafting.formats import strip_markers
    from studio.errors import StudioError
    from studio.media.captions import timeline
    from studio.media.narration import synthesize

    bed = audio.decode(Path(music), Path(music).name) if music is not None else None
    choice = _choice(narrator)
    plan = SoundPlan(script=script, music=bed)
    if choice is None or choice.narrator is None:
        return plan
    speech = synthesize(choice, [strip_markers(s.narration) for s in script.scenes], lang, cancel, message_lang)
    plan.kind, plan.notices = speech.kind, list(speech.notices)
    voices: dict[int, np.ndarray] = {}
    scenes = []
    for k, (scene, clip) in enumerate(zip(script.scenes, speech.clips)):
        if clip is None:
            scenes.append(scene)
            continue
        voice, length, cut = _fit(clip, scene.duration_s, crossfade_s, f"scene {k + 1}")
        if cut:
            plan.notices.append(StudioError("narration_cut", scene=k + 1).message(message_lang))
        voices[k] = voice
        scenes.append(scene.model_copy(update={"duration_s": length}))
    plan.script = script.model_copy(update={"scenes": scenes})
    for seg in timeline(plan.script, intro_s, outro_s, crossfade_s):
        if seg.kind == "scene" and seg.index in voices:
            start = seg.visible_start + LEAD_S
            voice = voices[seg.index]
            plan.voices.append((start, voice))
            plan.windows[seg.index] = (round(start, 3), round(start + audio.seconds(voice), 3))
    return plan
