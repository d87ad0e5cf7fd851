"""Narration for videos: a voice for each scene, from a speech endpoint or espeak-ng, or none.

Which voice is used (`pick_narrator(settings)`):

1. `STUDIO_TTS_BASE_URL` set → an OpenAI-compatible `/v1/audio/speech` endpoint (OpenAI,
   openedai-speech, LocalAI, Kokoro-FastAPI…), asked for WAV, through the door of `studio.outbound`
   (in privacy mode an external voice is never sent personal data; the notices say so);
2. else the `espeak-ng` binary on PATH (Debian package `espeak-ng`), Vietnamese voice
   `STUDIO_ESPEAK_VOICE` (northern by default; robotic but offline and ~20 ms a sentence);
3. else none: the video has captions only, and the faces say so.

`synthesize(choice, texts, lang)` speaks every scene; when the endpoint fails it falls back to
espeak-ng (and then to captions only) and records why in `Speech.notices`, so a dead speech
server never fails a render.
"""

from __future__ import annotations

import shutil
import subprocess
from dataclasses import dataclass, field

from studio.errors import StudioError

ESPEAK_VOICES = {"vi": "vi", "en": "en-us"}


class EspeakNarrator:
    kind = "espeak"

    def __init__(self, exe: str, voice: str = "vi", words_per_minute: int = 165) -> None:
        self.exe, self.voice, self.wpm = exe, voice, words_per_minute

    @property
    def detail(self) -> str:
        return f"espeak-ng ({self.voice})"

    def speak(self, text: str, lang: str) -> bytes:
        voice = self.voice if lang == "vi" else ESPEAK_VOICES.get(lang, "en-us")
        try:
            done = subprocess.run([self.exe, "-v", voice, "-s", str(self.wpm), "-b", "1", "--stdout"],
                                  input=text.encode("utf-8"), capture_output=True, timeout=60)
        except (OSError, subprocess.TimeoutExpired) as exc:
            raise StudioError("tts_failed", detail=f"espeak-ng: {exc}") from exc
        if done.returncode != 0 or not done.stdout.startswith(b"RIFF"):
            raise StudioError("tts_failed", detail=f"espeak-ng: {done.stderr.decode('utf-8', 'replace')[-200:]}")
        return done.stdout


class EndpointNarrator:
    """A speech endpoint through the door's guarded client. In privacy mode with an external endpoint, a
    scene's personal data is spoken as a neutral word ("tên đã ẩn"): a voice cannot be given the value back,
    and the captions keep the real text. `withheld` counts the scenes that happened in."""

    kind = "endpoint"

    def __init__(self, client) -> None:
        self._client = client  # a studio.outbound.door.GuardedSpeech
        endpoint = client.endpoint
        self.base_url, self.model, self.voice = endpoint.base_url, endpoint.model, endpoint.voice or "alloy"
        self.withheld = 0

    @property
    def detail(self) -> str:
        return f"{self.model} ({self.voice}) @ {self.base_url}"

    def speak(self, text: str, lang: str) -> bytes:
        import openai

        try:
            data, withheld = self._client.speak(text, lang)
        except openai.APIStatusError as exc:
            raise StudioError("tts_failed", detail=f"HTTP {exc.status_code}") from exc
        except openai.APIError as exc:
            raise StudioError("tts_failed", detail=type(exc).__name__) from exc
        if not data:
            raise StudioError("tts_failed", detail="empty audio")
        self.withheld += 1 if withheld else 0
        return data


@dataclass(frozen=True)
class NarratorChoice:
    narrator: object | None  # EndpointNarrator | EspeakNarrator | None
    kind: str                # "endpoint" | "espeak" | "none"
    detail: str = ""
    fallback: object | None = None  # espeak when the endpoint is the first choice


def espeak_narrator(voice: str = "vi") -> EspeakNarrator | None:
    exe = shutil.which("espeak-ng")
    return EspeakNarrator(exe, voice) if exe else None


def pick_narrator(settings, door=None) -> NarratorChoice:
    """The narrator the settings and this machine allow (see the module docstring); a new one per render."""
    espeak = espeak_narrator(settings.espeak_voice)
    if settings.tts_base_url:
        from studio.outbound import Door

        endpoint = EndpointNarrator((door or Door(settings)).speech())
        return NarratorChoice(endpoint, "endpoint", endpoint.detail, fallback=espeak)
    if espeak:
        return NarratorChoice(espeak, "espeak", espeak.detail)
    return NarratorChoice(None, "none", "")


@dataclass
class Speech:
    clips: list[bytes | None]            # one audio file per text (None: nothing to say)
    kind: str                            # who spoke: "endpoint" | "espeak" | "none"
    notices: list[str] = field(default_factory=list)


def synthesize(choice: NarratorChoice, texts: list[str], lang: str, cancel=None, message_lang: str = "vi") -> Speech:
    """Speak every text with the chosen narrator, falling back to espeak-ng, then to silence.

    Notices (why a fallback was used) are written in `message_lang`.
    """
    chain = [n for n in (choice.narrator, choice.fallback) if n is not None]
    notices: list[str] = []
    for narrator in chain:
        clips: list[bytes | None] = []
        withheld_before = getattr(narrator, "withheld", 0)
        try:
            for text in texts:
                if cancel is not None and cancel.is_set():
                    break
                clips.append(narrator.speak(text, lang) if text.strip() else None)
        except StudioError as err:
            notices.append(err.message(message_lang))
            continue
        withheld = getattr(narrator, "withheld", 0) - withheld_before
        if withheld:
            notices.append(StudioError("privacy_speech_withheld", url=narrator.base_url, n=withheld)
                           .message(message_lang))
        return Speech(clips, narrator.kind, notices)
    return Speech([None] * len(texts), "none", notices)
