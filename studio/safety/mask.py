"""Masking: redact, partial mask (0983 *** 421) or consistent pseudonyms ([NGƯỜI 1], [SĐT 1]).

Pure functions over a text and its findings; overlapping findings are merged (the longer wins).
"""

from __future__ import annotations

import re

from studio.safety.finding_types import LANGS, REGISTRY
from studio.safety.findings import EMAIL_ADDRESS, PERSON, Finding

MODES = ("redact", "partial", "pseudonym")
# pseudonym labels by language, from the registry ([SĐT 1]); `_redacted` for redact mode, `_other` for a type
# the registry lacks
_EXTRA = {"vi": {"_redacted": "ĐÃ ẨN", "_other": "THÔNG TIN"}, "en": {"_redacted": "REDACTED", "_other": "DATA"}}
LABELS = {lang: {**{code: spec.mask_label(lang) for code, spec in REGISTRY.items()}, **_EXTRA[lang]}
          for lang in LANGS}


def _non_overlapping(findings: list[Finding]) -> list[Finding]:
    chosen: list[Finding] = []
    for f in sorted(findings, key=lambda f: (f.start, -(f.end - f.start))):
        if chosen and f.start < chosen[-1].end:
            continue
        chosen.append(f)
    return chosen


def partial(value: str, kind: str) -> str:
    """Keep enough to recognise, hide what identifies: 0983 *** 421, l***@congdoan.vn, N. V. A."""
    if kind == EMAIL_ADDRESS and "@" in value:
        user, domain = value.split("@", 1)
        return f"{user[:1]}***@{domain}"
    if kind == PERSON:
        return " ".join(w[0] + "." for w in value.split() if w)
    digits = [i for i, ch in enumerate(value) if ch.isdigit()]
    if len(digits) >= 7:
        keep = set(digits[:4] + digits[-3:])
        out = "".join(ch if (i in keep or not ch.isdigit()) else "*" for i, ch in enumerate(value))
        return re.sub(r"\*[\s.\-*]*\*", "***", out)
    return "*" * len(value)


def mask_text(text: str, findings: list[Finding], mode: str = "pseudonym", lang: str = "vi",
              mapping: dict[tuple[str, str], str] | None = None) -> str:
    """The text with every finding masked. `mapping` (value → pseudonym) is shared to stay consistent."""
    if mode not in MODES:
        raise ValueError(f"mode must be one of {MODES}")
    labels = LABELS.get(lang, LABELS["vi"])
    mapping = {} if mapping is None else mapping
    counters: dict[str, int] = {}
    for (kind, _), name in mapping.items():
        counters[kind] = max(counters.get(kind, 0), int(re.sub(r"\D", "", name) or 0))
    out, pos = [], 0
    for f in _non_overlapping(findings):
        out.append(text[pos:f.start])
        value = text[f.start:f.end]
        if mode == "redact":
            out.append(f"[{labels['_redacted']}]")
        elif mode == "partial":
            out.append(partial(value, f.type))
        else:
            key = (f.type, re.sub(r"\W", "", value).lower())
            if key not in mapping:
                counters[f.type] = counters.get(f.type, 0) + 1
                mapping[key] = f"[{labels.get(f.type, labels['_other'])} {counters[f.type]}]"
            out.append(mapping[key])
        pos = f.end
    out.append(text[pos:])
    return "".join(out)
