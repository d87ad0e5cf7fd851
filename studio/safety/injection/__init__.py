"""Prompt-injection detection: instructions aimed at a language model inside a text the studio will hand to one.

Matching runs on a normalised copy of the text with an offset map back to the original, so every finding points at
the characters the user wrote. Normalisation (`normalise`): NFKC (full-width, ligatures), lowercase, diacritics
folded, format and zero-width characters removed, Cyrillic/Greek look-alike letters read as Latin, percent-escapes
(%20, also in link targets) and HTML entities decoded, leetspeak folded inside words that mix letters and the
digits 0 1 3 4 5 7 or @ $ ("1gn0re" → "ignore"), letters spaced out one by one joined ("i g n o r e").

Signals (each a PROMPT_INJECTION finding, `detail` names it):
  * an order to drop the model's instructions, built from verb × object ("ignore / disregard / bỏ qua / quên hết …"
    × "previous instructions / the above / hướng dẫn trước đó / quy tắc hệ thống …", a few words allowed between);
  * a request for the system prompt, a new role ("you are now", "từ giờ bạn", "đóng vai"), new instructions, a
    note addressed to a model ("Lưu ý cho ChatGPT:", "P.S. to any AI reading this"), orders to drop sources, the AI
    label or the safety check; chat-template tokens and role markers;
  * hidden carriers: HTML comments, hidden HTML elements, markdown link titles, tag characters, long runs of
    zero-width characters, base64 blobs that decode to an instruction; a phrase inside a link target is named so.
An order that is negated ("do not ignore the safety instructions"), conditional or from one person to another
("bỏ qua bước 3 nếu …", "please ignore the previous email") or quoted in talk about attacks is not reported, or
only as `info` (score below 0.5). Signals in one sentence (or in consecutive sentences of one order) become one
finding, named by the strongest, with the evasion it was written in ("… [zero-width characters]").

Speed: each rule names anchor words, one of which every match contains; a rule's regex runs only on texts that
have one (tests/test_injection.py checks that this never hides a match). Every scan is bounded, so the cost is
linear in the text length.
"""

from __future__ import annotations

import re

from studio.safety.findings import PROMPT_INJECTION, Finding
from studio.safety.injection.carriers import _carrier_signals
from studio.safety.injection.context import _SENTENCE_STOP
from studio.safety.injection.normalise import Normalised, normalise
from studio.safety.injection.signals import _phrase_signals, _Signal

__all__ = ["RECOGNIZER", "Normalised", "detect_injection", "normalise"]

RECOGNIZER = "injection"


def detect_injection(text: str) -> list[Finding]:
    """Prompt injections in `text` (see the module docstring): one finding per sentence or hidden carrier, spans on
    the original characters, score by strength (below 0.5 a weak signal the policy keeps as info)."""
    if not text:
        return []
    norm = normalise(text)
    signals = _phrase_signals(norm)
    carriers = _carrier_signals(text, signals)
    for sig in signals:  # a note inside a comment or hidden element ends with it
        for c in carriers:
            if c.start <= sig.start < c.end < sig.end:
                sig.end = c.end
    signals += carriers
    return [Finding(PROMPT_INJECTION, s.start, s.end, text[s.start:s.end], round(min(s.score, 1.0), 2), RECOGNIZER,
                    detail=s.detail + _evasions(s.detail, text[s.start:s.end])) for s in _merge(text, signals)]


_EVASIONS = (("zero-width characters", re.compile(r"[\u00ad\u200b-\u200f\u2060-\u2064\ufeff]")),
             ("full-width letters", re.compile(r"[\uff21-\uff3a\uff41-\uff5a]")),
             ("percent-encoded", re.compile(r"%[0-9A-Fa-f]{2}.*%[0-9A-Fa-f]{2}", re.DOTALL)),
             ("leetspeak", re.compile(r"(?<![\W\d_])[013457@$](?![\W\d_])|\b[013457][^\W\d_]{2}")))


def _evasions(detail: str, written: str) -> str:
    """How the finding's text hides its words, for the reviewer: " [zero-width characters, leetspeak]"."""
    if detail.startswith(("base64", "invisible")):
        return ""
    found = [name for name, pattern in _EVASIONS if pattern.search(written)]
    return f" [{', '.join(found)}]" if found else ""


# --- one finding per sentence -----------------------------------------------------------------------------------

def _merge(text: str, signals: list[_Signal]) -> list[_Signal]:
    """Overlapping signals, and signals in one sentence, become one finding named by the strongest."""
    out: list[_Signal] = []
    for sig in sorted(signals, key=lambda s: (s.start, -s.end)):
        if out:
            last = out[-1]
            gap = text[last.end:sig.start]
            if sig.start < last.end or (len(gap) < 400 and not _SENTENCE_STOP.search(gap)) \
                    or (len(gap) <= 3 and "\n" not in gap):  # the next sentence of the same injection
                strongest = last if last.score >= sig.score else sig
                out[-1] = _Signal(last.start, max(last.end, sig.end), strongest.score, strongest.detail)
                continue
        out.append(_Signal(sig.start, sig.end, sig.score, sig.detail))
    return out
