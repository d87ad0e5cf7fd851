"""Quotable sentences of the source passages, ranked by the topic, and the helpers every builder uses."""

from __future__ import annotations

import hashlib
import math
import re
from collections import Counter
from dataclasses import dataclass, field

from studio.drafting.formats import word_count
from studio.drafting.models import DraftRequest, SourceRef
from studio.drafting.offline.figures import Figure, find_figures
from studio.errors import StudioError
from studio.knowledge.analysis import all_query_terms, passage_terms
from studio.knowledge.lexicon import Lexicon
from studio.knowledge.textnorm import fold_word, sentence_spans

_END = re.compile(r"[.!?…]+[\"'”’»)\]]*$")
_BULLET = re.compile(r"(?:[•·\-–*+]\s*|\d{1,2}[.)]\s+)+")
_STOPWORDS = set(("trong của và cho với về các những là ở tại theo đến từ một được có này đó khi để "
                  "the of in and for with on at to a an by from about its their how what").split())
_LENGTH = {"short": 0, "standard": 1, "long": 2}


@dataclass
class Ctx:
    """What every builder gets besides the ranked sentences."""

    req: DraftRequest
    T: dict  # the fixed wording of `templates.TEMPLATES` in the request language
    lexicon: Lexicon | None = None
    style: object = None  # the house style (studio.style), when the site has one
    variant: int = 0  # 0 = the first draft; "Soạn lại" asks for 1, 2, …
    pool: list = field(default_factory=list)  # further passages of the knowledge base (SourceRef), e.g. quiz distractors

@dataclass
class Sentence:
    idx: int  # index of the source passage
    marker: str
    text: str  # verbatim from the passage
    start: int
    lang: str
    heading: str
    words: int
    figures: list[Figure] = field(default_factory=list)
    score: float = 0.0

    def cited(self) -> str:
        return cite(self.text, [self.marker])


def cite(text: str, markers: list[str]) -> str:
    """`text` with its markers before the final punctuation: "… đảng viên [S3].", "… [S1][S4]."."""
    tag = " " + "".join(f"[{m}]" for m in markers)
    m = _END.search(text)
    return text[:m.start()] + tag + text[m.start():] if m else text + tag



def split_sentences(sources: list[SourceRef]) -> list[Sentence]:
    out: list[Sentence] = []
    seen: set[str] = set()
    every = "\n".join(s.text for s in sources)
    for idx, src in enumerate(sources):
        parts = [p.strip() for p in src.section.split("›") if p.strip()]
        heading = parts[-1] if parts and parts[-1] in every else ""  # a heading the sources show
        for start, end in sentence_spans(src.text):
            bullet = _BULLET.match(src.text, start, end)
            start = bullet.end() if bullet else start
            text = src.text[start:end].strip()
            first = text.lstrip("\"'“‘«(")[:1]
            if (len(text) < 20 or word_count(text) < 4 or text in parts or not _END.search(text)
                    or not (first.isupper() or first.isdigit()) or any(s in text for s in ("|", "**", "__", "!["))):
                continue  # headings, fragments, table rows and markup make poor sentences
            key = " ".join(fold_word(w) for w in re.findall(r"\w+", text))
            if key in seen:
                continue  # the same sentence in overlapping passages
            seen.add(key)
            out.append(Sentence(idx, src.marker, text, start, src.lang, heading, word_count(text),
                                find_figures(text, src.lang)))
    return out


def rank(request: DraftRequest, sents: list[Sentence], lexicon: Lexicon | None) -> list[Sentence]:
    """Best first: topic terms × rarity, halved for another language, a gentle tie-break on passage order."""
    weights = all_query_terms(request.topic, lexicon)
    terms = [{t for t in (*f.words, *f.bridge) if t in weights}
             for f in (passage_terms(s.text, s.lang, lexicon) for s in sents)]
    df, n = Counter(t for ts in terms for t in ts), len(sents)
    same = any(s.lang == request.lang for s in sents)
    for s, ts in zip(sents, terms):
        score = sum(weights[t] * math.log(1 + (n - df[t] + 0.5) / (df[t] + 0.5)) for t in ts)
        s.score = score * (0.5 if same and s.lang != request.lang else 1.0) * (1.0 - 0.02 * min(s.idx, 20))
    return sorted(sents, key=lambda s: (s.score <= 0, -round(s.score, 9), s.lang != request.lang, s.idx, s.start))


def short_first(sents: list[Sentence], max_words: int) -> list[Sentence]:
    return sorted(sents, key=lambda s: s.words > max_words)  # stable: rank kept within each group


def take(sents: list[Sentence], target: int, cap: int) -> list[Sentence]:
    out, total = [], 0
    for s in sents:
        if total >= target:
            break
        if total + s.words <= cap:
            out.append(s)
            total += s.words
    return out


def reading_order(sents: list[Sentence]) -> list[list[Sentence]]:
    """Group by source heading (groups in rank order), each group in source order."""
    groups: dict[tuple, list[Sentence]] = {}
    for s in sents:
        groups.setdefault((s.lang, s.heading), []).append(s)
    return [sorted(g, key=lambda s: (s.idx, s.start)) for g in groups.values()]


def chunks(items: list, n: int) -> list[list]:
    """`items` cut into `n` consecutive runs of (nearly) equal length."""
    n = max(1, min(n, len(items)))
    cut = [-(-len(items) * i // n) for i in range(n + 1)]  # longer runs first
    return [items[cut[i]:cut[i + 1]] for i in range(n)]


def need(sents: list, n: int, what: str) -> None:
    if len(sents) < n:
        detail = f"the sources hold too few {what} for this format ({len(sents)}, need {n})"
        raise StudioError("bad_request", detail=detail)


def title_case(topic: str) -> str:
    return (topic := " ".join(topic.split()))[:1].upper() + topic[1:]


def paragraph(sents: list[Sentence]) -> str:
    return " ".join(s.cited() for s in sents)


def stable_hash(*parts: object) -> int:
    return int(hashlib.sha256("\x00".join(map(str, parts)).encode()).hexdigest()[:12], 16)

