"""Privacy mode: personal data in a prompt is replaced by placeholders before it leaves the
machine, and the placeholders in the model's answer are turned back into the real values."""

from __future__ import annotations

import re

from studio.safety.findings import PII_TYPES, Finding

PLACEHOLDER = "⟦{label}_{n}⟧"


class Pseudonymizer:
    """Consistent placeholders for one exchange: the same value always gets the same placeholder."""

    def __init__(self) -> None:
        self.to_placeholder: dict[str, str] = {}
        self.to_value: dict[str, str] = {}
        self._counts: dict[str, int] = {}

    def mask(self, text: str, findings: list[Finding]) -> str:
        out, pos = [], 0
        chosen = sorted((f for f in findings if f.type in PII_TYPES), key=lambda f: (f.start, -(f.end - f.start)))
        for f in chosen:
            if f.start < pos:
                continue
            value = text[f.start:f.end]
            if value not in self.to_placeholder:
                self._counts[f.type] = self._counts.get(f.type, 0) + 1
                placeholder = PLACEHOLDER.format(label=f.type, n=self._counts[f.type])
                self.to_placeholder[value], self.to_value[placeholder] = placeholder, value
            out += [text[pos:f.start], self.to_placeholder[value]]
            pos = f.end
        out.append(text[pos:])
        return "".join(out)

    def restore(self, value):
        """Put the real values back, in a string or anywhere inside lists and dicts."""
        if isinstance(value, str):
            return re.sub(r"⟦[A-Z_]+_\d+⟧", lambda m: self.to_value.get(m.group(), m.group()), value)
        if isinstance(value, list):
            return [self.restore(v) for v in value]
        if isinstance(value, dict):
            return {k: self.restore(v) for k, v in value.items()}
        return value
