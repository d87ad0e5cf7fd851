"""Privacy mode: personal data in a text is replaced by placeholders before it leaves the machine, and the
placeholders in the model's answer are turned back into the real values.

Models do not always copy a placeholder exactly: they write `[PERSON_1]`, `⟦ PERSON_1 ⟧`, `PERSON_1` or
`person_1`. `restore` accepts these forms; a placeholder it cannot restore (one the model invented, such as
`⟦PERSON_9⟧`) is left as written and recorded in `unrestored`, so the caller can say so. `StreamRestorer`
restores a streamed reply piece by piece, holding back a placeholder that a piece boundary cut in two.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from functools import lru_cache

from studio.safety.findings import PII_TYPES, Finding

PLACEHOLDER = "⟦{label}_{n}⟧"
_OPEN, _CLOSE = "⟦[{<«", "⟧]}>»"
_HOLD_CHARS = 64  # longest tail a stream holds back while it may still become a placeholder


@lru_cache(maxsize=16)
def _pattern(labels: tuple[str, ...]) -> re.Pattern:
    # a label's "_" may come back as a space; brackets of any kind, or none (then "_" before the number)
    alts = "|".join(re.escape(label).replace("_", "[_ ]") for label in sorted(labels, key=len, reverse=True))
    opening, closing = re.escape(_OPEN), re.escape(_CLOSE)
    return re.compile(rf"(?P<open>[{opening}]\s*)?(?<!\w)(?P<label>{alts})(?P<sep>[_ ])(?P<n>\d+)(?!\w)"
                      rf"(?P<close>\s*[{closing}])?", re.IGNORECASE)


def _labels(extra: Iterable[str] = ()) -> tuple[str, ...]:
    return tuple(sorted(set(PII_TYPES) | set(extra)))


def choose_spans(spans: Iterable[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """Non-overlapping spans in text order; of overlapping ones the earlier, then the longer, wins."""
    chosen, pos = [], 0
    for start, end, kind in sorted(spans, key=lambda s: (s[0], -(s[1] - s[0]))):
        if start >= pos and end > start:
            chosen.append((start, end, kind))
            pos = end
    return chosen


def replace_findings(text: str, findings: list[Finding], replacement: Callable[[str, str], str]) -> tuple[str, int]:
    """`text` with each personal-data finding replaced by `replacement(type, value)`, and how many were."""
    spans = choose_spans((f.start, f.end, f.type) for f in findings if f.type in PII_TYPES)
    out, pos = [], 0
    for start, end, kind in spans:
        out += [text[pos:start], replacement(kind, text[start:end])]
        pos = end
    out.append(text[pos:])
    return "".join(out), len(spans)


class Pseudonymizer:
    """Consistent placeholders for one exchange: the same value always gets the same placeholder, in every
    text of the exchange, even where the gate does not recognise it a second time."""

    def __init__(self) -> None:
        self.to_placeholder: dict[str, str] = {}
        self.to_value: dict[str, str] = {}
        self.unrestored: set[str] = set()  # placeholders met in a reply that no value stands behind
        self._counts: dict[str, int] = {}

    @property
    def labels(self) -> tuple[str, ...]:
        """The finding types a placeholder may name: every personal-data type and those used here."""
        return _labels(p[1:].rsplit("_", 1)[0] for p in self.to_value)

    @property
    def pattern(self) -> re.Pattern:
        return _pattern(self.labels)

    def mask(self, text: str, findings: list[Finding]) -> str:
        spans = [(f.start, f.end, f.type) for f in findings if f.type in PII_TYPES]
        spans += self._known_values(text)
        taken = [(m.start(), m.end()) for m in self.pattern.finditer(text)] if self.to_value else []
        out, pos = [], 0
        for start, end, kind in choose_spans(spans):
            if any(start < b and a < end for a, b in taken):
                continue  # inside a placeholder already (a reply sent back for repair)
            out += [text[pos:start], self._placeholder(text[start:end], kind)]
            pos = end
        out.append(text[pos:])
        return "".join(out)

    def _placeholder(self, value: str, kind: str) -> str:
        if value not in self.to_placeholder:
            self._counts[kind] = self._counts.get(kind, 0) + 1
            placeholder = PLACEHOLDER.format(label=kind, n=self._counts[kind])
            self.to_placeholder[value], self.to_value[placeholder] = placeholder, value
        return self.to_placeholder[value]

    def _known_values(self, text: str) -> list[tuple[int, int, str]]:
        found = []
        for value, placeholder in self.to_placeholder.items():
            kind = placeholder[1:].rsplit("_", 1)[0]
            found += [(m.start(), m.end(), kind) for m in re.finditer(rf"(?<!\w){re.escape(value)}(?!\w)", text)]
        return found

    def restore(self, value):
        """Put the real values back, in a string or anywhere inside lists and dicts."""
        if isinstance(value, str):
            return self.pattern.sub(self._swap, value) if self.to_value else value
        if isinstance(value, list):
            return [self.restore(v) for v in value]
        if isinstance(value, dict):
            return {k: self.restore(v) for k, v in value.items()}
        return value

    def _swap(self, m: re.Match) -> str:
        if not (m["open"] or m["close"]) and m["sep"] != "_":
            return m.group(0)  # "person 1" in running text is not a placeholder
        key = PLACEHOLDER.format(label=re.sub(r"\s", "_", m["label"].upper()), n=int(m["n"]))
        if key in self.to_value:
            return self.to_value[key]
        self.unrestored.add(key)
        return m.group(0)

    def leftovers(self, text: str) -> list[str]:
        """Placeholders still in `text` (after `restore`): values the model invented or garbled."""
        return [m.group(0) for m in self.pattern.finditer(text)] if self.to_value else []


class StreamRestorer:
    """Restores a streamed reply: `feed` each piece, `flush` at the end; `emit` receives restored text.

    A tail that may still grow into a placeholder (`⟦PERS`, `[PERSON_1`, `PERSON_1` before a possible `⟧`) is
    held back until the next piece shows what it is, so a reader never sees a half or raw placeholder."""

    def __init__(self, pseudonyms: Pseudonymizer, emit: Callable[[str], None]) -> None:
        self._pseudonyms = pseudonyms
        self._emit = emit
        self._pending = ""

    def feed(self, piece: str) -> None:
        self._pending += piece
        cut = _incomplete_tail(self._pending, self._pseudonyms.labels)
        if cut:
            self._send(self._pending[:cut])
            self._pending = self._pending[cut:]

    def flush(self) -> None:
        self._send(self._pending)
        self._pending = ""

    def _send(self, text: str) -> None:
        if text:
            self._emit(self._pseudonyms.restore(text))


def _incomplete_tail(text: str, labels: tuple[str, ...]) -> int:
    """Where a possibly unfinished placeholder starts at the end of `text` (len(text) when none does)."""
    for i in range(max(0, len(text) - _HOLD_CHARS), len(text)):
        ch, before = text[i], text[i - 1] if i else " "
        word_start = (ch.isalpha() or ch == "_") and not (before.isalnum() or before == "_")
        if (ch in _OPEN or word_start) and _may_become_placeholder(text[i:], labels):
            return i
    return len(text)


def _may_become_placeholder(tail: str, labels: tuple[str, ...]) -> bool:
    bracket = tail[0] in _OPEN
    body = tail[1:].lstrip() if bracket else tail
    if not bracket and not re.fullmatch(r"[A-Za-z_]+\d*", body):
        return False
    if bracket and any(c in _CLOSE for c in body):
        return False
    norm = re.sub(r"\s", "_", body.upper())
    if any(f"{label}_".startswith(norm) for label in labels):
        return True
    whole = re.fullmatch(r"([A-Z_]+?)_(\d+)_*", norm)
    return bool(whole and whole.group(1) in labels)
