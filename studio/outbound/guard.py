"""The privacy step of the door: with privacy mode on and an external endpoint, personal data found by the safety
gate is masked before a text leaves the machine; what comes back is restored.

The step fails closed: when the gate cannot check a text, the text is not sent (`privacy_mask_failed`).
Texts of an unknown language are checked with the recognizers of every gate language; a long text is also
checked in the language it is written in, so an English passage inside a Vietnamese prompt is covered.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

from studio.errors import StudioError

GATE_LANGS = ("vi", "en")
_DETECT_MIN_CHARS = 200  # below this, language identification guesses; both recognizer sets run instead
SYSTEM_NOTE = ("Text in ⟦…⟧ stands for personal data withheld by the studio (e.g. ⟦PERSON_1⟧, ⟦PHONE_NUMBER_1⟧): "
               "copy such placeholders exactly where the value belongs, never invent new ones.")

# What a voice says instead of a withheld value (a speech endpoint cannot give the value back)
SPOKEN = {
    "vi": {"PERSON": "tên đã ẩn", "EMAIL_ADDRESS": "địa chỉ thư đã ẩn", "STREET_ADDRESS": "địa chỉ đã ẩn",
           "DATE_OF_BIRTH": "ngày sinh đã ẩn", "*": "số đã ẩn"},
    "en": {"PERSON": "name withheld", "EMAIL_ADDRESS": "e-mail withheld", "STREET_ADDRESS": "address withheld",
           "DATE_OF_BIRTH": "date of birth withheld", "*": "number withheld"},
}

_shared_gate = None
_gate_lock = threading.Lock()


def shared_gate():
    """One safety gate per process for masking when the caller has none (its analyzer takes ~2 s to build)."""
    global _shared_gate
    with _gate_lock:
        if _shared_gate is None:
            from studio.safety.gate import SafetyGate

            _shared_gate = SafetyGate()
        return _shared_gate


def gate_languages(text: str, lang: str | None = None) -> list[str]:
    found = [lang] if lang in GATE_LANGS else []
    if len(text) < _DETECT_MIN_CHARS:
        return found or list(GATE_LANGS)
    from studio.knowledge.language import detect_language

    detected = detect_language(text)
    if detected != "und":
        found.append(detected if detected in GATE_LANGS else "en")
    return list(dict.fromkeys(found)) or list(GATE_LANGS)


class PrivacyStep:
    """Masks for one endpoint when `active` (privacy mode on and the endpoint external), else passes through."""

    def __init__(self, active: bool, gate=None) -> None:
        self.active = active
        self._gate = gate  # a SafetyGate, a function returning one when first needed, or None (the shared one)

    def findings(self, text: str, lang: str | None = None) -> list:
        if not text.strip():
            return []
        try:
            gate = self._gate() if callable(self._gate) else self._gate or shared_gate()
            return [f for code in gate_languages(text, lang) for f in gate.personal_data(text, code)]
        except Exception as exc:  # noqa: BLE001 - whatever broke, the text must not leave unchecked
            raise StudioError("privacy_mask_failed", detail=f"{type(exc).__name__}: {str(exc)[:160]}") from exc

    def session(self, lang: str | None = None) -> "PrivacySession":
        return PrivacySession(self, lang)

    def speakable(self, text: str, lang: str) -> tuple[str, int]:
        """The text a voice may be sent, and how many values in it were withheld (spoken as a neutral word)."""
        if not self.active:
            return text, 0
        from studio.safety.privacy import replace_findings

        words = SPOKEN.get(lang, SPOKEN["en"])
        return replace_findings(text, self.findings(text, lang), lambda kind, _value: words.get(kind, words["*"]))


class PrivacySession:
    """One exchange with an endpoint: the same value gets the same placeholder in every text of it."""

    def __init__(self, step: PrivacyStep, lang: str | None) -> None:
        from studio.safety.privacy import Pseudonymizer

        self.step, self.lang = step, lang
        self.pseudonyms = Pseudonymizer()

    @property
    def active(self) -> bool:
        return self.step.active

    @property
    def masked(self) -> int:
        """How many distinct values were replaced by placeholders."""
        return len(self.pseudonyms.to_value)

    def mask(self, text: str) -> str:
        if not self.active:
            return text
        return self.pseudonyms.mask(text, self.step.findings(text, self.lang))

    def restore(self, value):
        return self.pseudonyms.restore(value) if self.active else value

    def leftovers(self, text: str) -> list[str]:
        return self.pseudonyms.leftovers(text) if self.active else []

    def restoring(self, emit: Callable[[str], None]):
        """A `feed(piece)`/`flush()` pair that hands `emit` restored text (see `StreamRestorer`)."""
        from studio.safety.privacy import StreamRestorer

        return StreamRestorer(self.pseudonyms, emit) if self.active else _Passthrough(emit)

    def notices(self) -> list[StudioError]:
        unrestored = sorted(self.pseudonyms.unrestored)
        if not unrestored:
            return []
        return [StudioError("privacy_unrestored", n=len(unrestored), placeholders=", ".join(unrestored))]


class _Passthrough:
    def __init__(self, emit: Callable[[str], None]) -> None:
        self.feed = emit

    def flush(self) -> None:
        pass
