"""Quotable sentences of the source passages, ranked by the topic, and the helpers every builder uses."""

from __future__ import annotations

import hashlib
import math
import re
from collections import Counter
from dataclasses import dataclass, field

from studio.drafting.formats import word_count
from studio.drafting.language import sentence_language
from studio.drafting.models import DraftRequest, SourceRef
from studio.drafting.offline.figures import Figure, find_figures
from studio.errors import StudioError
from studio.knowledge.analysis import all_query_terms, passage_terms
from studio.knowledge.lexicon import Lexicon
from studio.knowledge.textnorm import fold, fold_word, sentence_spans

_END = re.compile(r"[.!?…]+[\"'”’»)\]]*$")
_BULLET = re.compile(r"(?:[•·\-–*+]\s*|\d{1,2}[.)]\s+)+")
_STOPWORDS = set(("trong của và cho với về các những là ở tại theo đến từ một được có này đó khi để "
                  "the of in and for with on at to a an by from about its their how what").split())
_LENGTH = {"short": 0, "standard": 1, "long": 2}

# Text addressed to writers, not readers: never quoted. A section of notes for writers, a note label, an
# instruction about how to write, cite or name something, an example of a wrong form, a title/source field.
_NOTE_SECTION = re.compile(
    r"lưu ý khi (?:viết|đưa tin|đăng|trích)|ghi chú (?:biên tập|cho người viết)|hướng dẫn (?:viết|biên tập|trình bày)"
    r"|quy (?:ước|tắc) (?:viết|trình bày)|writing (?:tips?|notes?|guidance)|notes? (?:for|to) (?:writers|editors)"
    r"|editor'?s notes?|style (?:notes?|guide)|guidance for writers|hinweise für autoren|skrivetips", re.I)
_NOTE_START = re.compile(r"(?:lưu ý|chú ý|ghi chú|nb|note|tip|editor'?s note|hinweis|merk)\s*[:–-]", re.I)
_WRITER_VERB = (r"(?:cite|write|spell|quote|name|call|refer to|reuse|describe|mention|abbreviate|capitali[sz]e"
                r"|viết|ghi (?:rõ|đúng|tên|số|ngày)|gọi (?:là|tên)|trích (?:dẫn|nguồn)|nêu (?:rõ|tên)|dùng (?:từ|cụm|cách)"
                r"|sử dụng (?:từ|cụm|cách))")
_WRITER_RULE = re.compile(
    r"(?:always|never|do not|don't|avoid|make sure|be sure to|remember to|please)\b.{0,80}?\b" + _WRITER_VERB + r"\b"
    r"|(?:cite|spell|write|name|quote|refer to)\b.{0,60}\bas\b"
    r"|(?:luôn|không|tránh|hãy|cần|chỉ|nên|đừng|phải)\s" + _WRITER_VERB + r"\b"
    r"|(?:ghi|viết) đúng\b", re.I)
_WRONG_FORM = re.compile(r"(?:garbled|misspel\w*|(?:wrong|incorrect) (?:forms?|spellings?|names?)|viết sai|sai thành|sai chính tả|ví dụ sai|falsch\w*"
                         r"|feil\w*)\b[^.;\"“]{0,40}[\"“]", re.I)  # "… garbled forms such as "57/NQWT""
_META_FIELD = re.compile(
    r"(?:vietnamese|english|original|german|norwegian) title|tên (?:tiếng \w+|gốc)|source|nguồn|kilde|quelle|tags?"
    r"|author|tác giả|email|e-mail|website|url|organi[sz]er|đơn vị tổ chức|veranstalter|arrangør", re.I)
_LABEL = re.compile(r"([^\d:.;!?\"“”()]{2,40}):\s+\S")
_NAMED_LABEL = re.compile(r"([^:;!?]{2,100}[\"”)]):\s+\S")  # a named item: a quoted or bracketed name, then ":"


def writer_note(text: str, section: str = "") -> bool:
    """Whether `text` speaks to the writer (a note, an instruction on wording, a wrong form, a title field)."""
    label = _LABEL.match(text)
    return bool(_NOTE_SECTION.search(section) or _NOTE_START.match(text) or _WRITER_RULE.match(text)
                or _WRONG_FORM.search(text) or (label and _META_FIELD.fullmatch(label.group(1).strip())))


def label_of(text: str) -> str:
    """The field name of a "key: value" line ("Fanpage: gần 30.000 người theo dõi.", "Online contest "…" (2025):
    open to …"), "" for a sentence (a date before the colon opens a dated sentence, not a field)."""
    m = _LABEL.match(text) or _NAMED_LABEL.match(text)
    return m.group(1).strip() if m and len(m.group(1).split()) <= (5 if m.re is _LABEL else 12) else ""


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
    label: str = ""  # the field name of a "key: value" line; prose formats leave such lines out
    source_lang: str = ""  # the passage's language tag (`lang` is the sentence's own, detected)

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
            key = fold(text)
            if key in seen or writer_note(text, src.section):
                continue  # the same sentence in overlapping passages; a note to the writer
            seen.add(key)
            found = sentence_language(text)
            lang = src.lang if found == "und" else found
            out.append(Sentence(idx, src.marker, text, start, lang, heading, word_count(text),
                                find_figures(text, lang), label=label_of(text), source_lang=src.lang))
    return out


def rank(request: DraftRequest, sents: list[Sentence], lexicon: Lexicon | None) -> list[Sentence]:
    """The sentences in the request language, best first: topic terms × rarity, a gentle tie-break on passage
    order; a near copy of a better sentence (overlapping passages, another document's wording) is left out."""
    own = _score(request, [s for s in sents if s.lang == request.lang], lexicon)
    return distinct(sorted(own, key=lambda s: (s.score <= 0, -round(s.score, 9), s.idx, s.start)))


def _score(request: DraftRequest, sents: list[Sentence], lexicon: Lexicon | None) -> list[Sentence]:
    weights = all_query_terms(request.topic, lexicon)
    terms = [{t for t in (*f.words, *f.bridge) if t in weights}
             for f in (passage_terms(s.text, s.lang, lexicon) for s in sents)]
    df, n = Counter(t for ts in terms for t in ts), len(sents)
    for s, ts in zip(sents, terms):
        score = sum(weights[t] * math.log(1 + (n - df[t] + 0.5) / (df[t] + 0.5)) for t in ts)
        s.score = score * (1.0 - 0.02 * min(s.idx, 20))
    return sents


def _content(text: str) -> set[str]:
    return {fold_word(w) for w in re.findall(r"\w+", text.lower()) if w not in _STOPWORDS and len(w) > 1}


def distinct(sents: list[Sentence], overlap: float = 0.75) -> list[Sentence]:
    """`sents` without near copies of an earlier one: most of the shorter one's words are in the other."""
    kept: list[tuple[Sentence, set[str]]] = []
    for s in sents:
        words = _content(s.text)
        if not any(len(words & w) >= overlap * min(len(words), len(w)) and min(len(words), len(w)) >= 4
                   for _, w in kept):
            kept.append((s, words))
    return [s for s, _ in kept]


def further_reading(request: DraftRequest, sources: list[SourceRef], sents: list[Sentence] | None = None,
                    lexicon: Lexicon | None = None) -> list[SourceRef]:
    """Passages in another language than the request's that are about the topic: one per document, best first.

    They are not quoted (the offline composer does not translate); the draft lists them to read. `sents` are
    the sentences of `sources` as `split_sentences` gives them (split here when not given)."""
    sents = split_sentences(sources) if sents is None else sents
    other = _score(request, [s for s in sents if s.lang != request.lang], lexicon)
    out: dict[str, SourceRef] = {}
    for s in sorted(other, key=lambda s: (-round(s.score, 9), s.idx, s.start)):
        if s.score > 0 and sources[s.idx].doc_id not in out:
            out[sources[s.idx].doc_id] = sources[s.idx]
    return list(out.values())


def vary(sents: list[Sentence], variant: int, topic: str) -> list[Sentence]:
    """The ranking of another draft ("Soạn lại"): variant 0 as ranked; variant n re-weighs every relevant
    sentence by a factor in 0.45–1.55 drawn from (topic, n, sentence), and never leads with the same sentence
    as variant 0 when another relevant one exists. Deterministic; any builder can use it."""
    if variant <= 0 or len(sents) < 2:
        return list(sents)
    factor = lambda s: 0.45 + 1.1 * (stable_hash(topic, variant, s.idx, s.start) % 1000) / 999
    out = sorted(sents, key=lambda s: (s.score <= 0, -s.score * factor(s), s.idx, s.start))
    if out[0] is sents[0]:  # another lead: the 2nd, 3rd or 4th sentence of the first ranking's best ones
        j = 1 + (variant - 1) % min(3, len(out) - 1)
        if out[j].score > 0:
            out[0], out[j] = out[j], out[0]
    return out


def prose(sents: list[Sentence], fields: bool = False) -> list[Sentence]:
    """The sentences that read as prose: "key: value" lines are for cards and quizzes, not paragraphs. With
    `fields`, the lines whose value is a clause of its own (eight words or more) follow, as a last resort."""
    plain = [s for s in sents if not s.label]
    clause = lambda s: word_count(s.text.split(":", 1)[1]) >= 8 if ":" in s.text else False
    return plain + [s for s in sents if s.label and clause(s)] if fields else plain


def cluster(sents: list[Sentence]) -> list[Sentence]:
    """The best sentence and those about the same thing (its passage, or its section of the same document),
    in rank order: the one message of a post or a Zalo text."""
    if not sents:
        return []
    head = sents[0]
    return [s for s in sents if s.idx == head.idx or (head.heading and s.heading == head.heading)]


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


_WHAT = {  # what a format could not find enough of, for the message
    "sentences": {"vi": "câu nội dung", "en": "sentences"},
    "short sentences": {"vi": "câu ngắn", "en": "short sentences"},
    "figures or dates": {"vi": "số liệu hoặc mốc thời gian", "en": "figures or dates"},
    "figures, dates or document numbers": {"vi": "số liệu, ngày tháng hoặc số hiệu văn bản",
                                           "en": "figures, dates or document numbers"},
}


def need(sents: list, n: int, what: str) -> None:
    """`StudioError("draft_too_little")` when the sources give fewer than `n` of `what` for this format."""
    if len(sents) < n:
        raise StudioError("draft_too_little", n=len(sents), need=n, what=_WHAT.get(what, {"vi": what, "en": what}))


def title_case(topic: str, max_words: int = 12, max_chars: int = 100) -> str:
    """The topic as a title: capitalised, at most `max_words` words and `max_chars` characters, cut at a word."""
    words, out = " ".join(topic.split()).split(" "), ""
    for w in words[:max_words]:
        if len(out) + len(w) + 1 > max_chars:
            break
        out = f"{out} {w}" if out else w
    out = (out or words[0][:max_chars]).rstrip(" ,;:–-")
    return out[:1].upper() + out[1:]


def paragraph(sents: list[Sentence]) -> str:
    return " ".join(s.cited() for s in sents)


def stable_hash(*parts: object) -> int:
    return int(hashlib.sha256("\x00".join(map(str, parts)).encode()).hexdigest()[:12], 16)

