"""Checks of a draft's text that hold for every format and composer: no sentence said twice."""

from __future__ import annotations

import re
from collections import Counter

from studio.drafting.formats import strip_markers
from studio.knowledge.textnorm import fold, sentence_spans

MIN_WORDS = 4  # lines of fewer words (a greeting, an option, "Trân trọng.") may recur by design


def repeated_sentences(text: str) -> list[str]:
    """Each sentence of `text` that occurs more than once (markers, case, diacritics and punctuation aside),
    once per extra occurrence, as first written."""
    seen: Counter = Counter()
    first: dict[str, str] = {}
    out = []
    for line in text.splitlines():
        for start, end in sentence_spans(line):
            sentence = strip_markers(line[start:end]).strip()
            if len(re.findall(r"[^\W\d_]+", sentence)) < MIN_WORDS:
                continue  # a greeting, a heading, a quiz option such as "C. 30/7/2025"
            key = fold(sentence)
            seen[key] += 1
            first.setdefault(key, sentence)
            if seen[key] > 1:
                out.append(first[key])
    return out
