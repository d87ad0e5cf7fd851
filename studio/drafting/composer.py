"""The offline composer: every format drafted from the source passages when no AI model is set.

Extractive and deterministic (no randomness; variety comes from a hash of the inputs). Body sentences
are copied from the passages (a leading bullet or list number trimmed) and cited with their passage's
marker just before the final punctuation, as the prompts ask of the model ("… 12.300 đảng viên [S3]."),
so `strip_markers` gives the source sentence back. The only other words are the fixed phrases of
`TEMPLATES` (headings, calls to action, hashtags, quiz stems, titles, one closing line), none of which
states a figure, a date or a name; section headings are the sources' own. Nothing is translated: a
passage in another language is quoted as written, but passages in the request language rank first.
Sentences rank by term overlap with the topic, each term weighted by its rarity (as answer.py).
"""

from __future__ import annotations

import hashlib
import math
import re
from collections import Counter
from dataclasses import dataclass, field
from calendar import monthrange

from pydantic import BaseModel

from studio.drafting import formats as F
from studio.drafting.formats import word_count
from studio.drafting.models import DraftRequest, SourceRef
from studio.errors import StudioError
from studio.knowledge.analysis import all_query_terms, passage_terms
from studio.knowledge.lexicon import Lexicon
from studio.knowledge.textnorm import fold_word, sentence_spans

TEMPLATES: dict[str, dict] = {
    "vi": {
        "key_points": "Điểm chính", "more": "Thông tin thêm",
        "closing": "Nội dung trên được tổng hợp theo nguồn tài liệu đã dẫn.",
        "cta": {"members": "Hãy chia sẻ để đoàn viên cùng biết!",
                "young_employees": "Chia sẻ ngay để bạn bè, đồng nghiệp cùng biết!",
                "leaders": "Đề nghị các cấp công đoàn phổ biến thông tin này tới đoàn viên!"},
        "tags": ["CongDoan", "DoanVien"],
        "quiz_title": "Trắc nghiệm: {topic}", "quiz_stem": "Điền vào chỗ trống: {sentence}",
        "points_title": "Điểm chính: {topic}", "newsletter_title": "Bản tin: {topic}",
        "figures_title": "Những con số nổi bật: {topic}", "timeline_title": "Các mốc thời gian: {topic}",
        "video_title": "Video: {topic}",
    },
    "en": {
        "key_points": "Key points", "more": "More information",
        "closing": "This article is compiled from the cited source documents.",
        "cta": {"members": "Share this so every member knows!",
                "young_employees": "Pass it on to your colleagues today!",
                "leaders": "Please pass this on to union members in your unit!"},
        "tags": ["TradeUnion", "UnionMembers"],
        "quiz_title": "Quiz: {topic}", "quiz_stem": "Fill in the blank: {sentence}",
        "points_title": "Key points: {topic}", "newsletter_title": "Newsletter: {topic}",
        "figures_title": "Key figures: {topic}", "timeline_title": "Timeline: {topic}",
        "video_title": "Video: {topic}",
    },
}

_MONTHS = "January February March April May June July August September October November December".split()
_M = "|".join(_MONTHS)
# Alternatives are tried in this order at each position: a date is not read as three numbers.
_FIGURE = re.compile(
    r"(?P<range>(?<![\d/])(?:19|20)\d{2}\s?[–-]\s?(?:19|20)\d{2}(?!\d))"
    r"|(?P<date>(?<![\d/.])\d{1,2}/\d{1,2}/\d{4}(?!\d))"
    rf"|(?P<mdy>\b(?:{_M})\s\d{{1,2}},?\s\d{{4}}\b)"
    rf"|(?P<dmy>\b\d{{1,2}}\s(?:{_M})\s\d{{4}}\b)"
    r"|(?P<vdate>\b\d{1,2}\stháng\s\d{1,2}(?:\snăm)?\s\d{4}\b)"
    r"|(?P<vmonth>\btháng\s\d{1,2}/\d{4}\b)"
    rf"|(?P<month>\b(?:{_M})\s\d{{4}}\b)"
    r"|(?P<doc>(?<![\w/])\d{1,5}(?:/(?:19|20)\d{2})?[-/][A-ZĐ]{1,6}(?:[-/][A-ZĐ0-9]{1,8}){0,3}(?!\w))"
    r"|(?P<num>(?<![\w.,])(?:\d{1,3}(?:[.,\u00a0\u202f ]\d{3})+(?:[.,]\d+)?|\d+(?:[.,]\d+)?)(?![\w]|[.,]\d))"
    r"(?P<pct>\s?%)?(?P<scale>\s(?:triệu|nghìn|ngàn|tỷ(?!\s(?:lệ|trọng|giá|số))|thousand|millions?|billions?"
    r"|Tausend|Millionen|Million|Mio\.|Milliarden?|Mrd\.|tusen|millioner|milliarder?)(?!\w))?"
)
_SCALES = {"nghìn": 1e3, "ngàn": 1e3, "triệu": 1e6, "tỷ": 1e9, "thousand": 1e3, "million": 1e6, "millions": 1e6,
           "billion": 1e9, "billions": 1e9, "tausend": 1e3, "millionen": 1e6, "mio.": 1e6, "milliarde": 1e9,
           "milliarden": 1e9, "mrd.": 1e9, "tusen": 1e3, "millioner": 1e6, "milliard": 1e9, "milliarder": 1e9}
_SCALE_WORDS = {"vi": {1e3: "nghìn", 1e6: "triệu", 1e9: "tỷ"}, "en": {1e3: "thousand", 1e6: "million", 1e9: "billion"}}
_QUALIFIER = re.compile(
    r"\b(?:hơn|gần|khoảng|trên|ít nhất|more than|almost|about|nearly|over|at least|roughly|around)\s$", re.I)
_DOC_BEFORE = re.compile(r"\b(?:Nghị quyết|Quyết định|Chỉ thị|Resolution|Decision|Directive)(?: số| No\.?)?\s$", re.I)
_END = re.compile(r"[.!?…]+[\"'”’»)\]]*$")
_BULLET = re.compile(r"(?:[•·\-–*+]\s*|\d{1,2}[.)]\s+)+")
_HARD_STOP = re.compile(r"[.;:!?](?=\s|$)|,\s")
_LABEL_STOP = re.compile(r"[.;:!?](?=\s|$)|[()\"“”]|,\s|\s[–-]\s")
_TIME_KINDS = {"date", "month", "year", "range"}
_STOPWORDS = set(("trong của và cho với về các những là ở tại theo đến từ một được có này đó khi để "
                  "the of in and for with on at to a an by from about its their how what").split())
_LENGTH = {"short": 0, "standard": 1, "long": 2}


@dataclass
class Figure:
    start: int  # span in the sentence; `qstart` includes a qualifier such as "hơn" / "more than"
    end: int
    qstart: int
    kind: str  # count | percent | year | date | month | range | doc
    value: float | tuple | str
    decimals: int = 0
    scale: float = 1.0


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


def compose_offline(request: DraftRequest, sources: list[SourceRef], lexicon: Lexicon | None = None) -> BaseModel:
    """Draft `request.format` from `sources` (markers S1… in the order given), without a model."""
    if not sources:
        raise StudioError("bad_request", detail="no source passage found for this topic")
    sents = _rank(request, _sentences(sources), lexicon)
    if not sents:
        raise StudioError("bad_request", detail="the source passages hold no quotable sentence")
    return _BUILDERS[request.format.value](request, sents, TEMPLATES[request.lang], lexicon)


# --- sentences and ranking -------------------------------------------------------------------

def _sentences(sources: list[SourceRef]) -> list[Sentence]:
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
                                _figures(text, src.lang)))
    return out


def _rank(request: DraftRequest, sents: list[Sentence], lexicon: Lexicon | None) -> list[Sentence]:
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


def _short_first(sents: list[Sentence], max_words: int) -> list[Sentence]:
    return sorted(sents, key=lambda s: s.words > max_words)  # stable: rank kept within each group


def _take(sents: list[Sentence], target: int, cap: int) -> list[Sentence]:
    out, total = [], 0
    for s in sents:
        if total >= target:
            break
        if total + s.words <= cap:
            out.append(s)
            total += s.words
    return out


def _reading(sents: list[Sentence]) -> list[list[Sentence]]:
    """Group by source heading (groups in rank order), each group in source order."""
    groups: dict[tuple, list[Sentence]] = {}
    for s in sents:
        groups.setdefault((s.lang, s.heading), []).append(s)
    return [sorted(g, key=lambda s: (s.idx, s.start)) for g in groups.values()]


def _chunks(items: list, n: int) -> list[list]:
    """`items` cut into `n` consecutive runs of (nearly) equal length."""
    n = max(1, min(n, len(items)))
    cut = [-(-len(items) * i // n) for i in range(n + 1)]  # longer runs first
    return [items[cut[i]:cut[i + 1]] for i in range(n)]


def _need(sents: list, n: int, what: str) -> None:
    if len(sents) < n:
        detail = f"the sources hold too few {what} for this format ({len(sents)}, need {n})"
        raise StudioError("bad_request", detail=detail)


def _title(topic: str) -> str:
    return (topic := " ".join(topic.split()))[:1].upper() + topic[1:]


def _para(sents: list[Sentence]) -> str:
    return " ".join(s.cited() for s in sents)


def _hash(*parts: object) -> int:
    return int(hashlib.sha256("\x00".join(map(str, parts)).encode()).hexdigest()[:12], 16)


# --- text formats ------------------------------------------------------------------------------

def _article(req: DraftRequest, sents: list[Sentence], T: dict, lexicon) -> BaseModel:
    chosen = _take(sents, (450, 600, 750)[_LENGTH[req.length]], 800 - word_count(T["closing"]))
    _need(chosen, 2, "sentences")
    lead, rest = chosen[:min(2, len(chosen) - 1)], chosen[min(2, len(chosen) - 1):]
    groups = _reading(rest)
    merged = len(groups) > 5
    if merged:
        groups = groups[:4] + [sorted((s for g in groups[4:] for s in g), key=lambda s: (s.idx, s.start))]
    sections = []
    for i, group in enumerate(groups):
        own = group[0].heading and group[0].lang == req.lang and not (merged and i == 4)
        heading = group[0].heading if own else T["key_points"] if i == 0 else T["more"]
        paragraphs = [_para(p) for p in _chunks(group, -(-len(group) // 3))]  # up to 3 sentences each
        sections.append(F.ArticleSection(heading=heading, paragraphs=paragraphs))
    markers = sorted({s.marker for s in chosen}, key=lambda m: int(m[1:]))
    return F.Article(headline=_title(req.topic), lead=_para(lead), sections=sections,
                     closing=cite(T["closing"], markers))


def _news_brief(req: DraftRequest, sents: list[Sentence], T: dict, lexicon) -> BaseModel:
    chosen = _take(_short_first(sents, 45), (130, 160, 190)[_LENGTH[req.length]], 200)
    _need(chosen, 1, "sentences")
    lead, rest = chosen[:1], [s for g in _reading(chosen[1:]) for s in g]
    more = [_para(p) for p in _chunks(rest, -(-len(rest) // 3))] if rest else []
    return F.NewsBrief(headline=_title(req.topic), paragraphs=[_para(lead), *more])


def _social_post(req: DraftRequest, sents: list[Sentence], T: dict, lexicon) -> BaseModel:
    cta = T["cta"][req.audience]
    chosen = _take(_short_first(sents, 40), (45, 70, 90)[_LENGTH[req.length]], 120 - word_count(cta))
    _need(chosen, 1, "short sentences")
    return F.SocialPost(text=_para(chosen), call_to_action=cta, hashtags=_hashtags(req, chosen, T, lexicon))


def _zalo_message(req: DraftRequest, sents: list[Sentence], T: dict, lexicon) -> BaseModel:
    chosen = _take(_short_first(sents, 35), (35, 55, 70)[_LENGTH[req.length]], 80)
    _need(chosen, 1, "short sentences")
    return F.ZaloMessage(text="\n".join(s.cited() for s in chosen))


def _newsletter(req: DraftRequest, sents: list[Sentence], T: dict, lexicon) -> BaseModel:
    chosen = _take(_short_first(sents, 45), (100, 180, 260)[_LENGTH[req.length]], 320)
    chosen = chosen if len(chosen) >= 2 else sents[:2]
    _need(chosen, 2, "sentences")
    ordered = [s for g in _reading(chosen) for s in g]
    n = 2 if req.length == "short" or len(ordered) < 6 else 3
    return F.Newsletter(title=T["newsletter_title"].format(topic=_title(req.topic)),
                        paragraphs=[_para(p) for p in _chunks(ordered, n)])


def _talking_points(req: DraftRequest, sents: list[Sentence], T: dict, lexicon) -> BaseModel:
    chosen = _short_first(sents, 35)[:5 + _LENGTH[req.length]]
    _need(chosen, 5, "sentences")
    return F.TalkingPoints(title=T["points_title"].format(topic=_title(req.topic)), points=[s.cited() for s in chosen])


def _hashtags(req: DraftRequest, chosen: list[Sentence], T: dict, lexicon: Lexicon | None) -> list[str]:
    """Topic concepts (most frequent in the chosen text first) named in the request language, folded."""
    phrases: list[str] = []
    if lexicon is not None:
        found = list(dict.fromkeys(lexicon.concepts_in(req.topic)))
        text = " ".join(s.text for s in chosen)
        freq = Counter(lexicon.concepts_in(text))
        folded = " " + " ".join(fold_word(w) for w in re.findall(r"\w+", req.topic + " " + text)) + " "
        for cid in sorted(found, key=lambda c: (-freq[c], found.index(c))):
            # the concept's first term in the request language that is written out in the topic or text
            terms = [t.strip("*") for t in lexicon.concepts[cid].terms.get(req.lang) or ()]
            phrases += [t for t in terms if f" {' '.join(fold_word(w) for w in t.split())} " in folded][:1]
    if not phrases:  # no lexicon: the topic's runs of content words
        run: list[str] = []
        for w in re.findall(r"\w+", req.topic) + ["the"]:
            if w.lower() in _STOPWORDS:
                phrases += [" ".join(run[:3])] if run else []
                run = []
            else:
                run.append(w)
    tags: list[str] = []
    for p in phrases + [" ".join(re.findall("[A-Z][a-z]*", t)) for t in T["tags"]]:
        tag = "".join(fold_word(w).capitalize() for w in re.findall(r"\w+", p) if w.isalnum())
        if tag and 2 <= len(tag) <= 30 and len(p.split()) <= 3 and tag.lower() not in {t.lower() for t in tags}:
            tags.append(tag)
    return ["#" + t for t in tags[:4]]


# --- figures, dates, document numbers ------------------------------------------------------------

def _figures(text: str, lang: str) -> list[Figure]:
    out = []
    for m in _FIGURE.finditer(text):
        kind, g = m.lastgroup if m.lastgroup not in ("pct", "scale") else "num", m.group()
        q = _QUALIFIER.search(text, 0, m.start())
        fig = Figure(m.start(), m.end(), q.start() if q else m.start(), kind, g)
        nums = [int(x) for x in re.findall(r"\d+", g)]
        month = _MONTHS.index(re.search(_M, g).group()) + 1 if kind in ("mdy", "dmy", "month") else 0
        if kind == "range":
            fig.value = tuple(nums)
        elif kind in ("date", "vdate", "mdy", "dmy"):  # (year, month, day)
            fig.kind, fig.value = "date", (nums[2], nums[1], nums[0]) if not month else (nums[1], month, nums[0])
        elif kind in ("vmonth", "month"):
            fig.kind, fig.value = "month", (nums[-1], month or nums[0], 0)
        elif kind == "num":
            fig.value, fig.decimals = _read_number(m.group("num"), lang)
            fig.scale = _SCALES[m.group("scale").strip().lower()] if m.group("scale") else 1.0
            plain = fig.scale == 1 and not m.group("pct")
            fig.kind = ("percent" if m.group("pct") else "year" if plain and m.group("num").isdigit()
                        and 1900 <= fig.value <= 2100 else "count")
            if plain and _DOC_BEFORE.search(text, 0, m.start()):
                fig.kind, fig.value = "doc", m.group("num")  # "Nghị quyết 57", "Resolution 57"
        if fig.kind not in ("date", "month") or _valid(*fig.value):
            out.append(fig)
    return out


def _read_number(s: str, lang: str) -> tuple[float, int]:
    """(value, decimals shown), read like bridge.py: en "12,300.5", vi "12.300,5"; "1.200" in English is 1.2."""
    grouped = re.fullmatch(r"(\d{1,3}(?:([.,\u00a0\u202f ])\d{3})+)(?:([.,])(\d+))?", s)
    if grouped and not (lang == "en" and s.count(".") == 1 and "," not in s) and grouped[3] != grouped[2]:
        return float(re.sub(r"\D", "", grouped[1]) + "." + (grouped[4] or "0")), len(grouped[4] or "")
    m = re.fullmatch(r"(\d+)[.,](\d+)", s)
    return (float(f"{m[1]}.{m[2]}"), len(m[2])) if m else (float(re.sub(r"[.,]", "", s)), 0)


def _valid(y: int, m: int, d: int = 0) -> bool:
    return 1 <= m <= 12 and 1900 <= y <= 2100 and 0 <= d <= monthrange(y, m)[1]


def format_figure(kind: str, value, lang: str, decimals: int = 0, scale: float = 1.0) -> str:
    """A figure in the style of `lang`: vi "12.300", "5,3 triệu", "22/12/2024"; en "12,300", "December 22, 2024"."""
    if kind in ("count", "percent"):
        s = f"{value:,.{decimals}f}"
        s = s if lang == "en" else s.translate(str.maketrans(",.", ".,"))
        return s + "%" if kind == "percent" else f"{s} {_SCALE_WORDS[lang][scale]}" if scale != 1 else s
    if kind in ("date", "month"):
        y, m, d = value
        if lang == "en":
            return f"{_MONTHS[m - 1]} {d}, {y}" if d else f"{_MONTHS[m - 1]} {y}"
        return f"{d}/{m}/{y}" if d else f"tháng {m}/{y}"
    return str(int(value)) if kind == "year" else str(value)


def _variants(fig: Figure) -> list:
    """Plausible wrong values of the same kind: scaled numbers, shifted years and dates, near numbers."""
    v, kind = fig.value, fig.kind
    if kind == "count" and v < 4 and not fig.decimals:
        return [v + 1, v + 2, v + 3]
    if kind == "count":
        return [round(v * f, fig.decimals) if fig.decimals else float(math.floor(v * f + 0.5))
                for f in (0.5, 1.5, 2, 0.75, 3)]
    if kind == "percent":
        return [round(x, fig.decimals) for x in (v * 0.5, v * 0.75, v - 10, v + 5, v - 20, v * 0.25) if 0 < x <= 100]
    if kind == "year":
        return [v - 1, v + 1, v - 2, v + 2]
    if kind in ("date", "month"):
        y, m, d = v
        return [t for t in ((y - 1, m, d), (y + 1, m, d), (y, m % 12 + 1, d), (y, (m - 2) % 12 + 1, d), (y - 2, m, d))
                if _valid(*t)]
    n = re.match(r"\d+", v).group()  # a document number: near numbers of the same series
    return [f"{x}{v[len(n):]}" for x in (str(int(n) + 1), str(int(n) - 1), n[::-1], str(int(n) + 10))
            if x != n and x[0] != "0" and int(x) > 0]


def _key(kind: str, value, scale: float = 1.0):
    if kind in ("count", "percent", "year"):
        return round(value * scale, 6)
    return str(value).upper() if kind == "doc" else value


# --- quiz, infographic, video ------------------------------------------------------------------

def _pick(figures: list[Figure]) -> list[Figure]:
    """The figures worth asking about or showing, best first: quantities, dates, document numbers, years."""
    order = {"count": 0, "percent": 0, "date": 1, "doc": 2, "month": 3, "year": 4}
    return sorted((f for f in figures if f.kind in order), key=lambda f: (order[f.kind], f.start))


def _quiz(req: DraftRequest, sents: list[Sentence], T: dict, lexicon) -> BaseModel:
    pool: dict[str, list[Figure]] = {}
    for s in sents:
        for f in s.figures:
            pool.setdefault(f.kind, []).append(f)
    asked: set = set()
    questions: list[F.QuizQuestion] = []
    for round_ in (0, 1):  # one question per sentence first, then a second figure of the same sentences
        for s in sents:
            figs = _pick(s.figures)
            if len(questions) < req.questions and len(figs) > round_ and _key_of(figs[round_]) not in asked:
                question = _question(req, s, figs[round_], pool.get(figs[round_].kind, []), T, len(questions))
                if question:
                    asked.add(_key_of(figs[round_]))
                    questions.append(question)
    _need(questions, 1, "figures, dates or document numbers")
    return F.Quiz(title=T["quiz_title"].format(topic=_title(req.topic)), questions=questions)


def _key_of(f: Figure):
    return f.kind, _key(f.kind, f.value, f.scale)


def _question(req: DraftRequest, s: Sentence, fig: Figure, pool: list[Figure], T: dict,
              number: int) -> F.QuizQuestion | None:
    """The sentence with the figure blanked; the true value and three wrong ones in the request's style."""
    show = lambda value, scale=fig.scale, dec=fig.decimals: format_figure(fig.kind, value, req.lang, dec, scale)
    correct, truth = show(fig.value), _key_of(fig)
    if fig.kind in ("count", "percent") and fig.value > 0:  # other values of the same size first
        ratio = lambda f: f.value * f.scale / (fig.value * fig.scale)
        pool = sorted((f for f in pool if 0.05 < ratio(f) < 20),
                      key=lambda f: (round(abs(math.log(ratio(f))), 3), _hash(req.topic, f.value)))
    else:  # a document number among those of the same series ("…-NQ/ĐU" with "…-NQ/ĐU")
        series = lambda f: re.sub(r"^\d+", "", str(f.value)) if f.kind == "doc" else ""
        pool = sorted((f for f in pool if series(f) == series(fig)), key=lambda f: _hash(req.topic, s.text, f.value))
    pooled = [show(f.value, f.scale, f.decimals) for f in pool if _key_of(f) != truth]
    wrong: list[str] = []  # up to two values from the sources, then made-up ones
    for i, w in enumerate(pooled + [show(v) for v in _variants(fig) if _key(fig.kind, v, fig.scale) != truth[1]]):
        if (i >= len(pooled) or len(wrong) < 2) and w.lower() not in {x.lower() for x in (correct, *wrong)}:
            wrong.append(w)
    if len(wrong) < 3:
        return None
    # the right answer's place: each of the four once in every four questions, in an order set by the topic
    pos = sorted(range(4), key=lambda j: _hash(req.topic, number // 4, j))[number % 4]
    blank = s.text[:fig.start] + "___" + s.text[fig.end:]
    options = [*wrong[:pos], correct, *wrong[pos:3]]
    return F.QuizQuestion(question=T["quiz_stem"].format(sentence=blank), options=options,
                          correct=pos, explanation=s.cited(), source=s.marker)


def _label(text: str, fig: Figure) -> tuple[str, bool]:
    """A few words next to the figure, as written: (words, whether they come before it)."""
    after = text[fig.end:]
    if not re.match(r"\s*[,;.)!?]", after):  # the figure does not close its clause
        after = after.lstrip(" :–-")
        stop = _LABEL_STOP.search(after)
        m = re.match(r"(?:\S+\s){0,7}\S+", after[:stop.start()] if stop else after)
        if m and len(m.group().split()) >= 2:
            return m.group().rstrip(",;:."), False
    before = text[:fig.qstart].rstrip(" ([“\"'")
    seg = before[max((m.end() for m in _HARD_STOP.finditer(before)), default=0):].strip()
    m = re.search(r"(?:\S+\s){0,11}\S+$", seg)
    if m and len(m.group().split()) >= 2:
        return m.group(), True
    # "Ngày ban hành: ngày 22/12/2024.": the words before the colon name the figure
    head = re.search(r"([^.;:!?]+):\s*\S*\s*$", before)
    if head and 1 <= len(head.group(1).split()) <= 12:
        return head.group(1).strip(" •-–*"), True
    # "Ngày 26/5/2025, Công đoàn … phát động …": the clause after the comma says what happened
    rest = re.match(r"\s*,\s*(.+)", after)
    if rest:
        stop = _LABEL_STOP.search(rest.group(1))
        words = (rest.group(1)[:stop.start()] if stop else rest.group(1)).split()
        if len(words) >= 2:
            return " ".join(words[:10]), False
    return (m.group(), True) if m else (" ".join(text.split()[:6]), True)


def _infographic_brief(req: DraftRequest, sents: list[Sentence], T: dict, lexicon) -> BaseModel:
    n = (3, 5, 6)[_LENGTH[req.length]]
    found: list[tuple[Sentence, Figure]] = []
    # a card reads in one language: sentences in the request language, others only to reach three cards
    own = [s for s in sents if s.lang == req.lang]
    for pool in (own, [s for s in sents if s.lang != req.lang]):
        if pool is not own and len([x for x in found if x[1].kind != "doc"]) >= 3:
            break
        for round_ in (0, 1, 2):  # the first figure of each sentence, then the second, the third
            for s in pool:
                figs = [f for f in s.figures if f.kind != "year" or len(s.figures) == 1]
                if len(figs) > round_ and all(_key_of(g) != _key_of(figs[round_]) for _, g in found):
                    found.append((s, figs[round_]))
    if len([x for x in found if x[1].kind != "doc"]) >= 3:  # "Nghị quyết 57" is a document number, not a figure
        found = [x for x in found if x[1].kind != "doc"]
    _need(found, 3, "figures or dates")
    dates = [x for x in found if x[1].kind in _TIME_KINDS]
    timeline = len(dates) >= 3 and 2 * sum(x[1].kind in _TIME_KINDS for x in found[:n]) > min(n, len(found))
    if timeline:
        items = sorted(dates[:n], key=lambda x: x[1].value if isinstance(x[1].value, tuple) else (int(x[1].value),))
    else:
        # real quantities first, then dates and periods, document numbers only when nothing else is left
        rank = lambda x: 0 if x[1].kind not in _TIME_KINDS and x[1].kind != "doc" else 1 if x[1].kind != "doc" else 2
        items = sorted(found, key=rank)[:n]
    return F.InfographicBrief(
        title=T["timeline_title" if timeline else "figures_title"].format(topic=_title(req.topic)),
        kind="timeline" if timeline else "key_figures",
        items=[F.InfographicItem(value=s.text[f.qstart:f.end], label=_label(s.text, f)[0], source=s.marker)
               for s, f in items],
    )


def _video_script(req: DraftRequest, sents: list[Sentence], T: dict, lexicon) -> BaseModel:
    want, chosen, total = (4, 6, 8)[_LENGTH[req.length]], [], 0.0
    for s in _short_first(sents, 30):
        if len(chosen) >= 10 or (len(chosen) >= want and total >= 15):
            break
        if total + _duration(s) <= 90:
            chosen.append(s)
            total += _duration(s)
    _need(chosen, 4, "sentences")
    scenes = []
    for s in chosen:
        figs = _pick(s.figures)
        if figs:  # the figure and a few words next to it
            (label, before), value = _label(s.text, figs[0]), s.text[figs[0].qstart:figs[0].end]
            words = f"{label} {value}".split() if before else f"{value} {label}".split()
        else:  # a short sentence whole, else its first clause, else its first words
            words = s.text.rstrip(".!?…").split()
            cut = next((i + 1 for i, w in enumerate(words[:10]) if i >= 3 and w[-1] in ",;:"), None)
            if len(words) > 10:
                words = [*words[:cut - 1], words[cut - 1].rstrip(",;:")] if cut else [*words[:7], words[7] + "…"]
        while word_count(" ".join(words)) > 12:
            words.pop()
        scenes.append(F.Scene(on_screen_text=" ".join(words), narration=s.cited(), duration_s=_duration(s)))
    for scene in scenes if total < 15 else ():  # very short sentences: hold each scene a little longer
        scene.duration_s = min(12.0, math.ceil(scene.duration_s * 15 / total * 2) / 2)
    return F.VideoScript(title=T["video_title"].format(topic=_title(req.topic)), scenes=scenes)


def _duration(s: Sentence) -> float:
    """About 2.5 words per second of narration, in half seconds, 3–12 s."""
    return min(12.0, max(3.0, math.ceil(s.words / 2.5 * 2) / 2))


_BUILDERS = {
    "article": _article, "news_brief": _news_brief, "social_post": _social_post, "zalo_message": _zalo_message,
    "newsletter": _newsletter, "talking_points": _talking_points, "quiz": _quiz, "video_script": _video_script,
    "infographic_brief": _infographic_brief,
}
