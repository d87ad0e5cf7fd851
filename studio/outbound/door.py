"""`Door`: the one way out of the machine. Built from the settings, it hands each feature a guarded client —
chat (drafting, query translation), embeddings, speech — that runs every text through the privacy step before
it leaves and restores what comes back. The raw clients come from `studio.outbound.clients`.

What a feature gets, with privacy mode on and an external endpoint:
- chat: every message masked (one placeholder per value for the whole exchange), the reply restored in any
  form the model wrote the placeholders in, streamed text restored as it arrives; placeholders that cannot be
  restored are reported (`ChatSession.notices`);
- embeddings: every passage and query masked (a vector needs no restoring);
- speech: personal values replaced by a neutral spoken word ("tên đã ẩn", "name withheld"), the count reported
  so the video says so; captions keep the real text.
Transport errors (openai exceptions) reach the caller unchanged: each feature has its own way to fall back.
"""

from __future__ import annotations

from collections.abc import Callable

from studio.outbound.clients import KINDS, Endpoint, chat_client, endpoint_from_settings, openai_client
from studio.outbound.guard import SYSTEM_NOTE, PrivacySession, PrivacyStep


class Door:
    """`gate`: the safety gate that finds personal data (or a function returning it when first needed); None
    uses one shared gate per process."""

    def __init__(self, settings, gate=None) -> None:
        self.settings = settings
        self._gate = gate

    def endpoint(self, kind: str) -> Endpoint | None:
        return endpoint_from_settings(self.settings, kind)

    def privacy(self, endpoint: Endpoint) -> PrivacyStep:
        return PrivacyStep(bool(self.settings.privacy_mode) and endpoint.external, self._gate)

    def chat(self, temperature: float = 0.2) -> "GuardedChat | None":
        ep = self.endpoint("chat")
        return GuardedChat(ep, self.privacy(ep), temperature) if ep else None

    def embeddings(self) -> "GuardedEmbeddings | None":
        ep = self.endpoint("embeddings")
        return GuardedEmbeddings(ep, self.privacy(ep)) if ep else None

    def speech(self) -> "GuardedSpeech | None":
        ep = self.endpoint("tts")
        return GuardedSpeech(ep, self.privacy(ep)) if ep else None


def privacy_state(settings, kind: str) -> str:
    """What leaves the machine for an endpoint kind: "masked", "raw-internal", "raw-privacy-off" or "none"."""
    ep = endpoint_from_settings(settings, kind)
    if ep is None:
        return "none"
    if not ep.external:
        return "raw-internal"
    return "masked" if settings.privacy_mode else "raw-privacy-off"


def privacy_summary(settings) -> str:
    """One line for `studio info`: what each configured endpoint receives."""
    names = {"chat": "chat", "embeddings": "embeddings", "tts": "speech"}
    said = {"masked": "personal data masked", "raw-internal": "raw text (marked internal)",
            "raw-privacy-off": "raw text (privacy mode off)"}
    parts = [f"{names[k]}: {said[s]}" for k in KINDS if (s := privacy_state(settings, k)) != "none"]
    head = "on" if settings.privacy_mode else "off"
    return f"{head} — " + "; ".join(parts) if parts else f"{head} (no endpoint configured: nothing leaves the machine)"


class GuardedChat:
    """A chat endpoint behind the privacy step; `session(lang)` starts one exchange."""

    def __init__(self, endpoint: Endpoint, privacy: PrivacyStep, temperature: float) -> None:
        self.endpoint, self.privacy, self.temperature = endpoint, privacy, temperature

    def session(self, lang: str | None = None) -> "ChatSession":
        return ChatSession(self, self.privacy.session(lang))

    def _client(self):
        return chat_client(self.endpoint, self.temperature)


class ChatSession:
    """One exchange (a draft with its repair calls, one translation): messages go out masked, and `send`
    returns the reply as the model wrote it; `restore` puts the values back (in a string, or in parsed JSON,
    which is safer for values holding quotes or line breaks)."""

    def __init__(self, chat: GuardedChat, privacy: PrivacySession) -> None:
        self.chat, self.privacy = chat, privacy

    @property
    def masked(self) -> int:
        return self.privacy.masked

    def send(self, messages: list[tuple[str, str]], on_token: Callable[[str], None] | None = None) -> str:
        """The reply text; `on_token` receives it restored, piece by piece, as it arrives."""
        outgoing = [(role, self.privacy.mask(text)) for role, text in messages]
        if self.privacy.masked:
            outgoing = _with_system_note(outgoing)
        if on_token is None:
            return str(self.chat._client().invoke(outgoing).content)
        parts: list[str] = []
        stream = self.privacy.restoring(on_token)
        for chunk in self.chat._client().stream(outgoing):
            text = str(chunk.content or "")
            if text:
                parts.append(text)
                stream.feed(text)
        stream.flush()
        return "".join(parts)

    def restore(self, value):
        return self.privacy.restore(value)

    def leftovers(self, text: str) -> list[str]:
        return self.privacy.leftovers(text)

    def notices(self):
        """StudioErrors to show: placeholders in the reply that no value stands behind."""
        return self.privacy.notices()


def _with_system_note(messages: list[tuple[str, str]]) -> list[tuple[str, str]]:
    if messages and messages[0][0] == "system":
        return [("system", f"{messages[0][1]}\n{SYSTEM_NOTE}"), *messages[1:]]
    return [("system", SYSTEM_NOTE), *messages]


class GuardedEmbeddings:
    """An embeddings endpoint behind the privacy step: every text is masked before it is sent."""

    def __init__(self, endpoint: Endpoint, privacy: PrivacyStep) -> None:
        self.endpoint, self.privacy = endpoint, privacy

    @property
    def masks(self) -> bool:
        return self.privacy.active

    def create(self, texts: list[str]) -> list[list[float]]:
        """One vector per text, in order (one request)."""
        sent = [self.privacy.session().mask(t) for t in texts]  # each text alone: its placeholders start at 1
        response = openai_client(self.endpoint).embeddings.create(model=self.endpoint.model, input=sent)
        return [item.embedding for item in sorted(response.data, key=lambda d: d.index)]


class GuardedSpeech:
    """A speech endpoint behind the privacy step: withheld values are spoken as a neutral word."""

    def __init__(self, endpoint: Endpoint, privacy: PrivacyStep) -> None:
        self.endpoint, self.privacy = endpoint, privacy

    def speak(self, text: str, lang: str) -> tuple[bytes, int]:
        """WAV audio of the text, and how many personal values were withheld from the voice."""
        sent, withheld = self.privacy.speakable(text, lang)
        response = openai_client(self.endpoint).audio.speech.create(
            model=self.endpoint.model, voice=self.endpoint.voice or "alloy", input=sent, response_format="wav")
        return response.read(), withheld
