"""No sources, no draft: does the knowledge base actually cover a draft's topic?

`kb.search` always returns passages, so an off-topic request ("Giá vàng SJC hôm nay bao nhiêu?")
would otherwise become a full article about union work. `assess()` looks at the topic's content
words and asks how much of their weight the top passages cover:

- a topic word is covered when a top passage holds it (as written with diacritics, folded when the
  topic is typed without any, or by its stem in en/de/no), or holds a lexicon concept the word is
  part of (the lexicon is the bridge between languages: "union members" covers "đoàn viên");
- each word weighs its inverse document frequency in the knowledge base (a word the base never saw
  weighs the most), times a small factor for request words that say nothing about the subject
  ("soạn", "bài", "cho", "đoàn viên", "hôm nay", "write", "post about"…);
- adjacent content words also count as a pair, at 1.5 times the weight (Vietnamese words are
  syllables: "thời tiết" is not covered by a passage with "thời gian" and "chi tiết"); a pair typed
  with diacritics must be spelled so in a passage ("hội thao", a sports day, is not "hội thảo").

score = covered weight / total weight; the request is answered when score ≥ THRESHOLD. The
threshold was calibrated once on the dev split of tests/data/draft_requests/requests.yaml and checked
on its test split (bench/relevance.py prints both, with the static and the e5 embedder). The gate
reads only the lexical analysis of the passages, never the vectors, so it behaves the same with any
embedder; it costs a few milliseconds per call once the base's term statistics are built (they are
rebuilt when the store's generation changes).

Measured (bench/relevance.py, sample knowledge base + seed articles, k=8; baseline = today, every
request answered): on-topic answered dev 27/27, test 25/26 (96 %) and off-topic refused dev 19/20 (static)
or 20/20 (e5), test 20/20, with either embedder; median 4 ms per call.
"""

from __future__ import annotations

import math
import threading
from collections import Counter
from dataclasses import dataclass, field
from itertools import pairwise

from studio.errors import StudioError
from studio.knowledge.analysis import (
    _STEMMERS,
    Terms,
    _stem,
    indexed_text,
    passage_terms,
)
from studio.knowledge.textnorm import fold_word, has_diacritics, words

THRESHOLD = 0.5  # calibrated on the dev split only; see the module docstring
PAIR_WEIGHT = 1.5  # a pair of adjacent content words, relative to its words
GENERIC_WEIGHT = 0.1  # request words that say nothing about the subject
# Share of a word's weight earned through a lexicon concept alone: full when the concept comes from
# passages in another language (the bridge between languages), less when only from passages in the
# word's own language (a same-language synonym of the lexicon, "dự báo" ≈ "phân tích dữ liệu", is a
# weaker sign: were the subject in the base, its own words would be there too).
CONCEPT_CREDIT = 1.0
CONCEPT_CREDIT_SAME_LANG = 0.5

# Words of a request that do not name its subject: request verbs, the studio's formats, function
# words, times ("hôm nay"). Vietnamese is listed with diacritics: a word typed with them is compared as
# written ("về" is generic, "vệ" in "vệ sinh" is not), one typed without them is compared folded.
_GENERIC_VI = """
soạn viết làm tạo đăng bài hãy xin giúp về của cho và với các những một là gì ở đâu tại trong trên dưới nào
này đó kia thế như sao có không được đã đang sẽ cần nên muốn từ đến theo rất hơn để nhé ạ ngắn dài khoảng
chữ mấy hay hoặc thì mà sau trước bằng nhằm cùng đây
"""
_GENERIC_VI_PHRASES = """
hôm nay|ngày mai|hôm qua|tối qua|tối nay|sáng nay|tuần này|tháng này|năm nay|cuối tuần|bao nhiêu|như thế nào|
thế nào|thông tin|giới thiệu|đoàn viên|người lao động|câu hỏi|trắc nghiệm|tìm hiểu|chuẩn bị|phát biểu|bản tin|
tin ngắn|tin nhắn|kịch bản|dành cho|nội dung|chủ đề|cụ thể|hướng dẫn|trình bày|tóm tắt|nêu bật|nhấn mạnh|
bài đăng|bài viết|bài báo|viết bài|soạn bài|gợi ý|ý chính|thông điệp chính
"""
_GENERIC_EN = """
write draft make create prepare post posts article articles piece story item items newsletter quiz questions
question speech talking points script brief message summary short long about explain introduce introduction
tell give please today tomorrow yesterday tonight now latest news members member employees staff young new
info information text content topic on for to of the a an and or in at by with from into under over via per
me my our us we you your i it its is are was were be been being how what which who whom when where why
whether do does did can could should would will shall may might this that these those some any all every
each also only just very more most than then there here up down out as so such not no yes if
"""
GENERIC_VI = frozenset(_GENERIC_VI.split())
GENERIC_EN = frozenset(_GENERIC_EN.split())
GENERIC_PHRASES = tuple(tuple(p.split()) for p in _GENERIC_VI_PHRASES.replace("\n", "").split("|") if p.strip())
_GENERIC_VI_FOLDED = frozenset(fold_word(w) for w in GENERIC_VI)
_PHRASES_FOLDED = tuple(tuple(fold_word(w) for w in p) for p in GENERIC_PHRASES)
_MAX_CONCEPT_WORDS = 6


@dataclass
class Relevance:
    ok: bool
    score: float
    covered: list[str]  # topic terms the passages cover
    missing: list[str]  # important topic terms the knowledge base holds nowhere
    reason: str
    uncovered: list[str] = field(default_factory=list)  # content terms in the base, but not in these passages
    subject: list[str] = field(default_factory=list)  # the topic's content words, as phrases

    def to_dict(self) -> dict:
        return {"ok": self.ok, "score": self.score, "covered": self.covered, "missing": self.missing,
                "uncovered": self.uncovered, "subject": self.subject, "reason": self.reason}


@dataclass
class _Stats:
    generation: str
    size: int
    df: Counter
    terms: dict[str, frozenset[str]]  # passage id → its words and bridge terms

    def idf(self, term: str) -> float:
        return math.log(1 + (self.size - self.df.get(term, 0) + 0.5) / (self.df.get(term, 0) + 0.5))


_cache: dict[int, _Stats] = {}
_lock = threading.Lock()


def _stats(kb) -> _Stats:
    """Document frequencies of every index term in the base, rebuilt when its generation changes.
    Reuses the retriever's lexical state (its chunks carry their stored terms)."""
    retriever = kb.retriever
    state = retriever._lexical_state(True, True)
    key = id(retriever)
    cached = _cache.get(key)
    if cached is not None and cached.generation == state.generation:
        return cached
    with _lock:
        df: Counter = Counter()
        terms: dict[str, frozenset[str]] = {}
        for cid, chunk in state.chunks.items():
            got = _chunk_terms(chunk, retriever)
            terms[cid] = got
            df.update(got)
        stats = _Stats(state.generation, len(terms), df, terms)
        _cache[key] = stats
        return stats


def _chunk_terms(chunk, retriever) -> frozenset[str]:
    stored = Terms.from_meta(chunk.meta, retriever.analysis_version)
    if stored is None:
        meta = chunk.meta
        context = indexed_text(meta.get("title", ""), meta.get("headings") or meta.get("section", ""), "")
        stored = passage_terms(chunk.text, meta.get("lang"), retriever.lexicon, True, context)
    return frozenset(stored.words) | frozenset(stored.bridge)


@dataclass
class _Word:
    surface: str  # as typed (NFC, case kept)
    key: str  # lowercased, with diacritics when typed with them
    folded: str
    generic: bool
    stems: tuple[str, ...]
    concepts: set[str]


def _topic_words(topic: str, lexicon, vietnamese: bool) -> list[_Word]:
    """The topic's words; generic ones marked by the list of the topic's language (typed without
    diacritics, "so" is "số" in Vietnamese but a function word in English)."""
    import re

    from studio.knowledge.textnorm import nfc

    surfaces = re.findall(r"\w+", nfc(topic))
    lowered = words(topic)
    folded = [fold_word(w) for w in lowered]
    plain = [not has_diacritics(w) for w in lowered]
    if vietnamese:
        generic = [(f in _GENERIC_VI_FOLDED) if p else (w in GENERIC_VI) for w, f, p in zip(lowered, folded, plain)]
    else:
        generic = [w in GENERIC_EN for w in lowered]
    for phrase, phrase_folded in zip(GENERIC_PHRASES, _PHRASES_FOLDED):
        n = len(phrase)
        for i in range(len(folded) - n + 1):
            if all((folded[i + k] == phrase_folded[k]) if plain[i + k] else (lowered[i + k] == phrase[k])
                   for k in range(n)):
                for j in range(i, i + n):
                    generic[j] = True
    out = []
    for i, (s, w, f) in enumerate(zip(surfaces, lowered, folded)):
        stems = tuple({_stem(lang, f) for lang in _STEMMERS} - {f}) if f.isalpha() else ()
        out.append(_Word(s, w, f, generic[i], stems, set()))
    if lexicon is not None:
        _attach_concepts(out, lexicon, vietnamese and any(has_diacritics(w) for w in lowered))
    return out


def _attach_concepts(ws: list[_Word], lexicon, accented: bool) -> None:
    """Each word learns the lexicon concepts whose match spans it (a window matched end to end).

    In a topic typed with diacritics, a Vietnamese term must be spelled as written: the lexicon
    compares a toneless word folded, so "hội thao" (a sports day) would match "hội thảo" (a workshop)."""
    n = len(ws)
    for i in range(n):
        for length in range(1, min(_MAX_CONCEPT_WORDS, n - i) + 1):
            window = [w.key for w in ws[i:i + length]]
            text = " ".join(window)
            found = set(lexicon.concepts_in(text, nested=False))
            if not found:
                continue
            if length > 1:
                found -= set(lexicon.concepts_in(" ".join(window[1:]), nested=True))
                found -= set(lexicon.concepts_in(" ".join(window[:-1]), nested=True))
            if accented:
                found = {c for c in found if not _misspelled(lexicon.concepts[c], text)}
            for w in ws[i:i + length]:
                w.concepts |= found


def _misspelled(concept, text: str) -> bool:
    """The window folds onto one of the concept's Vietnamese terms without being spelled like it."""
    folded = " ".join(fold_word(w) for w in text.split())
    terms = [t for t in concept.terms.get("vi", ()) if " ".join(fold_word(w) for w in t.split()) == folded]
    return bool(terms) and text not in terms


def _forms(w: _Word) -> list[str]:
    """Index terms that stand for the word: as typed (accented words are indexed as written,
    plain ones folded), folded when typed without diacritics, and its stems."""
    forms = [w.key] if has_diacritics(w.key) else [w.folded]
    forms += [f"s:{s}" for s in w.stems if len(s) >= 3]
    return forms


def assess(kb, topic: str, passages, lang: str = "vi", threshold: float = THRESHOLD) -> Relevance:
    """Whether `passages` (what `kb.search(topic, …)` returned) cover `topic`; see the module docstring.
    `lang` is the language of the messages in `reason` (vi | en)."""
    stats = _stats(kb)
    topic_lang = _topic_lang(kb, topic or "")
    ws = _topic_words(topic or "", kb.lexicon, topic_lang == "vi")
    content = [w for w in ws if not w.generic]
    if not passages:
        subject = _names(ws, {i for i, w in enumerate(ws) if not w.generic})
        return _result(False, 0.0, [], subject, [], "no_passages", lang, subject)
    if not content:
        return _result(False, 0.0, [], [], [], "vague", lang)
    found: set[str] = set()
    concept_langs: dict[str, set[str]] = {}
    spelled = " ".join(" ".join(words(indexed_text(p.title, p.section, p.text))) for p in passages)
    spelled = f" {spelled} "
    for p in passages:
        got = stats.terms.get(p.id)
        if got is None:
            analysed = passage_terms(p.text, p.lang, kb.lexicon)
            got = frozenset(analysed.words) | frozenset(analysed.bridge)
        found |= got
        for term in got:
            if term.startswith("c:"):
                concept_langs.setdefault(term, set()).add(p.lang)

    def credit(concepts: list[str], word_lang: str) -> float:
        langs = set().union(*(concept_langs.get(c, set()) for c in concepts)) if concepts else set()
        if not langs:
            return 0.0
        return CONCEPT_CREDIT if langs - {word_lang} else CONCEPT_CREDIT_SAME_LANG
    total = covered_weight = 0.0
    unit_covered: list[bool] = []
    in_base: list[bool] = []
    for w in ws:
        forms = _forms(w)
        concepts = [f"c:{c}" for c in w.concepts]
        seen = [t for t in forms if stats.df.get(t)]
        seen_concepts = [c for c in concepts if stats.df.get(c)]
        weight = (max(stats.idf(t) for t in seen) if seen
                  else max(stats.idf(c) for c in seen_concepts) if seen_concepts else stats.idf(""))
        if w.generic:
            weight *= GENERIC_WEIGHT
        direct = any(t in found for t in forms)
        bridged = 0.0 if direct else credit(concepts, topic_lang)
        hit = direct or bridged > 0
        total += weight
        covered_weight += weight if direct else weight * bridged
        unit_covered.append(hit)
        in_base.append(bool(seen or seen_concepts))
    # adjacent content words as a pair: in a passage together, or one concept of theirs is. In Vietnamese every
    # pair counts (words are syllables: "giá điện"). In other languages a telegraphic topic ("Resolution 57
    # digital transformation union") puts side by side words that no passage joins ("57 digital"): a pair the
    # base never holds as a phrase, both of whose words the passages hold, is left out rather than counted against.
    direct_hits = {w.folded for w, hit in zip(ws, unit_covered) if hit}
    for a, b in pairwise(ws):
        pair = f"{a.folded}_{b.folded}"
        if a.generic or b.generic:
            continue
        if topic_lang != "vi" and not stats.df.get(pair) and {a.folded, b.folded} <= direct_hits:
            continue
        shared = [f"c:{c}" for c in a.concepts & b.concepts]
        weight = PAIR_WEIGHT * (stats.idf(pair) if stats.df.get(pair) else
                                max((stats.idf(c) for c in shared if stats.df.get(c)), default=stats.idf("")))
        total += weight
        # a pair typed with diacritics must be spelled so: "hội thao" (sports day) is not "hội thảo"
        accented = has_diacritics(a.key) or has_diacritics(b.key)
        if (f" {a.key} {b.key} " in spelled) if accented else (pair in found):
            covered_weight += weight
        else:
            covered_weight += weight * credit(shared, topic_lang)
    score = round(covered_weight / total, 4) if total else 0.0
    covered = _dedupe(w.surface for w, hit in zip(ws, unit_covered) if hit and not w.generic)
    missing = _names(ws, {i for i, (w, ok) in enumerate(zip(ws, in_base)) if not ok and not w.generic})
    uncovered = _names(ws, {i for i, (w, hit, ok) in enumerate(zip(ws, unit_covered, in_base))
                            if ok and not hit and not w.generic})
    ok = score >= threshold
    subject = _names(ws, {i for i, w in enumerate(ws) if not w.generic})
    return _result(ok, score, covered, missing, uncovered, "covered" if ok else "not_covered", lang, subject)


_VIETNAMESE_LETTERS = frozenset("ăâđêôơưàảãáạằẳẵắặầẩẫấậèẻẽéẹềểễếệìỉĩíịòỏõóọồổỗốộờởỡớợùủũúụừửữứựỳỷỹýỵ")


def _topic_lang(kb, topic: str) -> str:
    """vi when the topic is written with Vietnamese letters or typed without diacritics but made of
    syllables the base writes with them (the retriever's diacritic restorer knows); else langid."""
    lowered = topic.lower()
    if any(ch in _VIETNAMESE_LETTERS for ch in lowered):
        return "vi"
    try:
        if kb.restore_diacritics(topic) is not None:
            return "vi"
    except (AttributeError, RuntimeError, ValueError, StudioError):  # a heuristic: langid decides then
        pass
    from studio.knowledge.language import detect_language

    return detect_language(topic)


def _names(ws: list[_Word], picked: set[int]) -> list[str]:
    """Adjacent picked words joined into phrases, as the user typed them ("vàng SJC")."""
    phrases, current = [], []
    for i, w in enumerate(ws):
        if i in picked:
            current.append(w.surface)
        elif current:
            phrases.append(" ".join(current))
            current = []
    if current:
        phrases.append(" ".join(current))
    return _dedupe(phrases)


def _dedupe(items) -> list[str]:
    seen, out = set(), []
    for item in items:
        if item.lower() not in seen:
            seen.add(item.lower())
            out.append(item)
    return out


_REASONS = {
    "vi": {
        "covered": "Kho tri thức có nguồn cho chủ đề này (độ phủ {score:.0%}).",
        "not_covered": "Kho tri thức không có nguồn cho chủ đề này (độ phủ {score:.0%}, cần {threshold:.0%}).",
        "no_passages": "Kho tri thức không có đoạn nào cho chủ đề này.",
        "vague": "Chủ đề chưa nêu nội dung cụ thể.",
    },
    "en": {
        "covered": "The knowledge base has sources for this topic (coverage {score:.0%}).",
        "not_covered": "The knowledge base has no source for this topic (coverage {score:.0%}, {threshold:.0%} needed).",
        "no_passages": "The knowledge base has no passage for this topic.",
        "vague": "The topic does not say what the draft is about.",
    },
}


def _result(ok, score, covered, missing, uncovered, code, lang, subject=()) -> Relevance:
    text = _REASONS.get(lang, _REASONS["en"])[code].format(score=score, threshold=THRESHOLD)
    return Relevance(ok=ok, score=score, covered=covered, missing=missing, reason=text, uncovered=uncovered,
                     subject=list(subject))


def suggestion(relevance: Relevance, lang: str = "vi") -> str:
    """What the user can do: name the topic terms the knowledge base lacks and ask for documents on them."""
    vi = lang == "vi"
    if relevance.ok:
        return ""
    quoted = lambda terms: ", ".join(f"«{t}»" if vi else f"“{t}”" for t in terms[:6])
    if relevance.missing:
        return (f"Kho tri thức chưa có tài liệu nào nói về {quoted(relevance.missing)}. Hãy thêm tài liệu về "
                "chủ đề này vào trang Kho tri thức rồi soạn lại."
                if vi else
                f"The knowledge base has no document about {quoted(relevance.missing)}. Add documents on this "
                "topic to the knowledge base (Knowledge base page), then draft again.")
    if relevance.uncovered or relevance.subject:
        named = relevance.uncovered or relevance.subject
        return (f"Kho tri thức chưa có tài liệu nào viết về {quoted(named)}: các đoạn tìm được chỉ nhắc tới "
                "vài từ của chủ đề. Hãy thêm tài liệu về đúng chủ đề này vào trang Kho tri thức rồi soạn lại."
                if vi else
                f"The knowledge base has no document on {quoted(named)}: the passages found share only a few "
                "words with the topic. Add documents on this very topic to the knowledge base (Knowledge base page), "
                "then draft again.")
    return ("Hãy nêu rõ chủ đề cần viết (sự kiện, văn bản, phong trào…), ví dụ: «Kết quả chuyển đổi số của "
            "Công đoàn Ngân hàng»." if vi else
            "Say what the draft is about (an event, a document, a campaign…), e.g. “Results of digital "
            "transformation at the Bank Trade Union”.")
