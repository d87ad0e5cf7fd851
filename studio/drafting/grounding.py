"""The grounding check: the figures, dates, document numbers and names of a draft must be in the sources its
sentences cite (markers: studio.drafting.formats); pure and deterministic, the shipped lexicon links names across
languages. Items (`find_claims`): numbers and percentages with their scale word, dates, months, years, periods,
document numbers, names (≥ 2 capitalised words; a Vietnamese capitalised syllable may take one lowercase one;
and/of/for/và join components), acronyms; not numbers in words, list numbering, integers ≤ 10 without %, scale
word or unit, phones, single capitalised words, stop words, names on Title Case lines. Support: canonical tokens,
exact values; a month by any date in it, a year by a date, period end or number equal to it; a name by pieces in
the source, folded: ≥ 2 words in sequence, an exact acronym, a term of a lexicon concept the source mentions ("Bộ
Chính trị" ← "Politburo"); a sentence's opening words may be left out; one without diacritics may skip ≤ 2 words.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from functools import lru_cache
from typing import NamedTuple

from pydantic import BaseModel

from studio.drafting.formats import MARKER_RE, markers_in
from studio.drafting.models import Claim
from studio.knowledge.bridge import canonical_tokens
from studio.knowledge.lexicon import Lexicon, load_lexicon
from studio.knowledge.textnorm import fold_word, has_diacritics, sentence_spans, words

_I = re.IGNORECASE
_MONTH = (r"(?:january|february|march|april|may|june|july|august|september|october|november|december|januar|"
          r"februar|märz|maerz|mars|juni|juli|oktober|dezember|desember|jan|feb|mar|apr|jun|jul|aug|sept|sep|oct|"
          r"okt|nov|dec|dez|des)\b\.?")
_DOC = re.compile(r"(?<![\w/])\d{1,5}(?:/(?:19|20)\d{2})?[-/][A-ZĐ]{1,6}(?:[-/][A-ZĐ0-9]{1,8}){0,3}(?!\w)")
_DATES = [  # (pattern, an impossible value is an error, prefix the bridge needs)
    (re.compile(r"(?<![\d/.])\d{1,2}([/.-])\d{1,2}\1(?:19|20)\d{2}(?!\d)"), True, ""),  # 22/12/2024
    (re.compile(r"(?<!\d)(?:19|20)\d{2}-\d{2}-\d{2}(?!\d)"), True, ""),
    (re.compile(r"(?<!\d)\d{1,2}\s+tháng\s+\d{1,2}\s+(?:năm\s+)?\d{4}(?!\d)", _I), True, ""),
    (re.compile(r"tháng\s+\d{1,2}\s*(?:/|-|năm)\s*\d{4}(?!\d)", _I), True, ""),  # tháng 12/2024
    (re.compile(rf"\b{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}(?!\d)", _I), False, ""),
    (re.compile(rf"(?<!\d)\d{{1,2}}(?:\.|st|nd|rd|th)?\s+(?:of\s+)?{_MONTH},?\s+\d{{4}}(?!\d)", _I), False, ""),
    (re.compile(rf"\b{_MONTH},?\s+\d{{4}}(?!\d)", _I), False, ""),  # December 2024
    (re.compile(r"(?<![\d/.,])(?:0?[1-9]|1[0-2])/(?:19|20)\d{2}(?![\d/])"), True, "tháng "),  # 12/2024
    (re.compile(r"(?<![\d.,])(?:19|20)\d{2}\s*[-–—]\s*(?:19|20)\d{2}(?!\d)"), True, ""),  # 2025–2030
]
_SCALE = (r"(?:thousands?|millions?|billions?|nghìn|ngàn|triệu|(?:tỷ|tỉ)(?!\s+(?:lệ|trọng|giá|số)\b)|"
          r"tausend|millionen|mio\.|milliarden?|mrd\.|tusen|millioner|milliarder?)")
_NUM = re.compile(r"(?<![\w.,/])(?<![^\W\d_]-)(?:\d{1,3}(?:([.,\u00a0\u202f ])\d{3})(?:\1\d{3})*|\d+)"
                  rf"(?:[.,]\d+)?(?!\w|[.,]\d)(\s?%|\s+{_SCALE}(?!\w))?", _I)
_UNIT = re.compile(r"\s?(?:đồng|vnđ|vnd|usd|eur|€|\$|km|kg|ha|m2|m²|tấn|tons?|tonnes?)(?!\w)", _I)
_LIST_NO = re.compile(r"^[ \t]*[-•*]?[ \t]*\(?\d{1,3}[.)](?=\s)", re.M)
_PHONE = re.compile(r"(?<![\w.,+])(?:\+\d{1,3}[ .-]?|0)\d{1,4}(?:[ .-]?\d{2,4}){1,4}(?!\w|[.,]\d)")
_WORD, _GAP = re.compile(r"[^\W\d_]+"), re.compile(r"[ \t\u00a0]+")
# what masking wrote in place of personal data ([SĐT 1], [NGƯỜI 2], [ĐÃ ẨN], 0983 *** 421, l***@x.vn):
# not a claim about the world, so not checked against the sources
_MASKED = re.compile(r"\[[^\W\d_][^\[\]\d]{0,30}(?: \d{1,3})?\]|(?:\d[\d .-]*)?\*{3}(?:[\d .-]*\d)?|\S*\*{3}@\S+")
_LEAD_MARKERS = re.compile(r"(?:\s*\[S\d+(?:\s*,\s*S\d+)*\])+")
_PART = re.compile(r"(?<!\S)(?!(?:và|and|und|og)\s)\S(?:(?!\s+(?:và|and|und|og)\s).)*")  # between conjunctions
_STOP = set((  # capitalised, these are no name (compared lowercased, diacritics kept)
    "the in on at by for of to from with as and but or if when while after before since during this that these "
    "those it its we our they their he she his her there here what which who how why all each every many some most "
    "more also however thanks according following under over about into through between among both not no yes so "
    "then thus therefore moreover meanwhile today mr mrs ms dr comrade deputy governor chairman chairwoman chair "
    "president vice director secretary minister monday tuesday wednesday thursday friday saturday sunday january "
    "february march april may june july august september october november december "  # en
    "der die das den dem ein eine einer eines einem am im ins zum zur und oder mit von vom für auf aus bei nach seit "
    "bis durch über unter vor laut dies diese dieser dieses es sie er wir unsere ihr ihre herr frau januar februar "
    "märz juni juli oktober dezember det et ei og på av til fra med som etter før hun vår mars desember "  # de, no
    "các những ngày tháng năm trong theo với về tại để khi sau trước đây đó này là có được nhưng tuy từ đến qua cùng "
    "mỗi mọi nhiều một hai ba bốn ông bà chị cả toàn tất chúng tôi họ nếu vì nhờ bên ngoài hiện hôm phó "  # vi
    "ai it ki ict ceo ok tv pdf usd eur vnd vnđ gdp tp tt").split())  # the last: acronyms that name nobody
_VI_TITLES = {"đồng chí", "chủ tịch", "bí thư", "thống đốc", "giám đốc", "thủ tướng", "bộ trưởng", "trưởng ban"}
_VI_BREAK = set("của với cho tại là có đã đang sẽ được bị trong ở từ đến về theo các những này đó thì mà cũng vẫn "
                "khi nên sau trước ngày tháng năm số".split())  # lowercase words no name contains
_JOIN = {"of", "for", "and", "the", "de", "du", "la", "für", "und", "der", "des", "og", "av", "và"}


class Found(NamedTuple):
    """A checkable item: `keys` are canonical tokens (`y:2024` for a year) or, for names, folded words."""
    text: str
    kind: str  # number | date | doc_number | name
    start: int
    end: int
    keys: tuple[str, ...]
    free: int = 0  # names: leading words that may be left out (a sentence opener)


def find_claims(text: str, lang: str | None = None, *, lexicon: Lexicon | None = None) -> list[Found]:
    """Every checkable item of `text`, in order; offsets index `text` itself (markers are skipped)."""
    masked = text
    for pattern in (MARKER_RE, _MASKED, _LIST_NO, _PHONE):
        for m in pattern.finditer(masked):
            if pattern is not _PHONE or 9 <= sum(c.isdigit() for c in m.group()) <= 15:
                masked = _blank(masked, *m.span())
    out: list[Found] = []
    for m in _DOC.finditer(masked):
        if keys := tuple(t for t in canonical_tokens(m.group(), lang) if t.startswith("doc:"))[:1]:
            out.append(Found(m.group(), "doc_number", *m.span(), keys))
            masked = _blank(masked, *m.span())
    for pattern, strict, prefix in _DATES:
        for m in pattern.finditer(masked):
            tokens = canonical_tokens(prefix + m.group(), lang)
            keys = tuple(t for p in ("d:", "m:", "r:") for t in tokens if t.startswith(p))[:1]
            if keys or strict:
                out.append(Found(m.group(), "date", *m.span(), keys))
            masked = _blank(masked, *m.span())
    for m in _NUM.finditer(masked):
        number = m.group()[: m.start(2) - m.start()] if m.group(2) else m.group()
        value = next((t[2:] for t in canonical_tokens(m.group(), lang) if t.startswith("n:")), None)
        if value and not m.group(2) and number.isdigit() and 1900 <= int(number) <= 2100:
            out.append(Found(number, "date", m.start(), m.start() + len(number), (f"y:{number}",)))
        elif value and (m.group(2) or not (value.isdigit() and int(value) <= 10) or _UNIT.match(masked, m.end())
              or masked[max(0, m.start() - 1):m.start()] in ("$", "€", "£")):
            out.append(Found(m.group(), "number", *m.span(), (f"n:{value}",)))
    for f in out:
        masked = _blank(masked, f.start, f.end)
    return sorted(out + _names(masked, text, lang, lexicon or load_lexicon()), key=lambda f: f.start)


def _blank(text: str, start: int, end: int) -> str:
    return text[:start] + "\x00" * (end - start) + text[end:]


def _acronym(w: str) -> bool:
    return len(w) >= 2 and w.isupper() and w.lower() not in _STOP and not re.fullmatch(r"[IVXLCDM]+", w)


def _names(masked: str, text: str, lang: str | None, lex: Lexicon) -> list[Found]:
    ws = [(m.start(), m.end(), m.group()) for m in _WORD.finditer(masked)]
    n = len(ws)
    joined = [k + 1 < n and bool(_GAP.fullmatch(masked, ws[k][1], ws[k + 1][0])) for k in range(n)]
    brk = {k + d for k in range(n - 1) for d in (0, 1)  # "Đồng chí", "Chủ tịch" end a name
           if joined[k] and f"{ws[k][2]} {ws[k + 1][2]}".lower() in _VI_TITLES}
    cap = [ws[k][2][0].isupper() and k not in brk and ws[k][2].lower() not in _STOP for k in range(n)] + [False]

    def link(k: int) -> str | None:  # a lowercase word allowed between two capitalised ones
        w = ws[k][2] if k < n else "X"
        if k in brk or not w[0].islower():
            return None
        vi = lang == "vi" or (lang is None and has_diacritics(w))
        return "join" if w in _JOIN else "syl" if vi and w not in _VI_BREAK else None

    starts = {m.start() for s, _ in _sentences(text) if (m := _WORD.search(masked, s))}
    breaks = [m.end() for m in re.finditer("\n", masked)]
    line_of = [bisect_right(breaks, s) for s, _, _ in ws]
    title = [(len(ks) >= 3 and all(w[0].isupper() or w in _JOIN or w.lower() in _STOP for w in ks),
              all(w.isupper() for w in ks)) for ks in map(_WORD.findall, masked.split("\n"))]  # headline, ALL CAPS
    tails, out, i = _vi_tails(lex), [], 0  # a run: capitalised words and the lowercase ones link() allows
    while i < n:
        if not cap[i]:
            i += 1
            continue
        last = i
        while joined[last]:
            j = last + 1
            if cap[j] or (link(j) and joined[j] and cap[j + 1]):
                last = j if cap[j] else j + 1
            elif link(j) == "syl" and joined[j] and link(j + 1) == "join" and joined[j + 1] and cap[j + 2]:
                last = j + 2
            else:
                break
        end = last
        if joined[last] and link(last + 1) == "syl" and " ".join(fold_word(w[2]) for w in ws[last:last + 2]) in tails:
            end = last + 1  # "Bộ Chính trị", "Ngân hàng Nhà nước"
        is_title, all_caps = title[line_of[i]]
        if is_title:
            out += [Found(ws[k][2], "name", ws[k][0], ws[k][1], (fold_word(ws[k][2]),))
                    for k in range(i, end + 1) if _acronym(ws[k][2]) and not all_caps]
        else:
            free = 0
            if ws[i][0] in starts and not _acronym(ws[i][2]):
                free = 2 if end > i and not cap[i + 1] and link(i + 1) == "syl" else 1
            rest = [ws[k][2] for k in range(i + free, end + 1) if cap[k]]
            if len(rest) >= 2 or any(map(_acronym, rest)):
                s, e = ws[i][0], ws[end][1]
                out.append(Found(text[s:e], "name", s, e, tuple(map(fold_word, _WORD.findall(text[s:e]))), free))
        i = end + 1
    return out


@lru_cache(maxsize=4)
def _vi_tails(lex: Lexicon) -> frozenset[str]:  # last two words of Vietnamese terms: "chính trị"
    return frozenset(" ".join(fold_word(p) for p in t.split()[-2:])
                     for c in lex.concepts.values() for t in c.terms.get("vi", ()) if len(t.split()) >= 2)


def _sentences(text: str) -> list[tuple[int, int]]:
    """sentence_spans, with markers that open a span ("… viên. [S1] Câu …") given to the sentence before."""
    spans: list[tuple[int, int]] = []
    for s, e in sentence_spans(text):
        if (m := _LEAD_MARKERS.match(text, s)) and spans:
            spans[-1] = (spans[-1][0], m.end())
            s = m.end() + len(text[m.end():e]) - len(text[m.end():e].lstrip())
        if s < e:
            spans.append((s, e))
    return spans


class _Source(NamedTuple):
    tokens: frozenset[str]  # canonical tokens, and y:YYYY for every year in them
    words: frozenset[str]  # as written (acronyms)
    joined: str  # " w1 w2 … ", folded
    concepts: frozenset[str]


@lru_cache(maxsize=512)
def _source(text: str, lex: Lexicon) -> _Source:
    tokens = set(canonical_tokens(text))
    for t in list(tokens):
        years = {"n:": [t[2:]], "d:": [t[2:6]], "m:": [t[2:6]], "r:": t[2:].split("-")}.get(t[:2], [])
        tokens |= {f"y:{y}" for y in years if y.isdigit() and 1900 <= int(y) <= 2100}
    joined = f" {' '.join(fold_word(w) for w in words(text))} "
    return _Source(frozenset(tokens), frozenset(_WORD.findall(text)), joined, frozenset(lex.concepts_in(text)))


def _name_ok(f: Found, src: _Source, lex: Lexicon) -> bool:
    orig, fw = _WORD.findall(f.text), list(f.keys)
    terms = [re.compile(" ".join(re.escape(fold_word(p)).replace(r"\*", r"\w*") for p in t.replace("-", " ").split()))
             for c in set(lex.concepts_in(f.text)) & src.concepts for ts in lex.concepts[c].terms.values() for t in ts]

    def piece(i: int, j: int) -> bool:
        seq = fw[i:j]
        return (j - i >= 2 and any(f" {x} " in src.joined for x in (" ".join(seq), "".join(seq)))
                or (j - i == 1 and _acronym(orig[i]) and orig[i] in src.words)
                or any(t.fullmatch(" ".join(seq)) for t in terms))

    i = 0
    while i < len(fw):
        j = next((j for j in range(len(fw), i, -1) if piece(i, j)), None)
        if j is None and not (i < f.free or fw[i] in _JOIN):
            return not has_diacritics(f.text) and len(fw) >= 2 and bool(re.search(  # in order, ≤ 2 words between
                " " + r"(?: \S+){0,2} ".join(map(re.escape, fw)) + " ", src.joined))
        i = j or i + 1
    return True


def _parts(f: Found) -> list[Found]:
    """A name run cut at its conjunctions ("Vo Thanh Phuong and Tran Minh Quan"): the parts that are names."""
    out = [Found(m.group(), "name", f.start + m.start(), f.start + m.end(), tuple(map(fold_word, ws)),
                 0 if m.start() else f.free) for m in _PART.finditer(f.text) for ws in [_WORD.findall(m.group())]
           if sum(w[0].isupper() for w in ws) >= 2 or any(map(_acronym, ws))]
    return out if len(out) > 1 else [f]


def check_text(text: str, sources: dict[str, str], lang: str | None = None, field: str = "", *,
               cited: list[str] | None = None, lexicon: Lexicon | None = None) -> list[Claim]:
    """Claims of `text` its sentences' sources (`{"S1": passage text, …}`) do not support. A sentence cites its markers,
    else `cited`, else its paragraph's last marked sentence's (blank lines end paragraphs), else every source."""
    lex = lexicon or load_lexicon()
    srcs = {m: _source(t, lex) for m, t in sources.items()}
    spans, breaks = _sentences(text), [m.end() for m in re.finditer(r"\n\s*\n", text)]
    para_last = {bisect_right(breaks, s): markers_in(text[s:e]) for s, e in spans if markers_in(text[s:e])}
    claims: list[Claim] = []
    for f in find_claims(text, lang, lexicon=lex):
        s, e = next(((s, e) for s, e in spans if s <= f.start < e), (f.start, f.end))
        own = list(dict.fromkeys(markers_in(text[s:e])))
        cites = own or cited or para_last.get(bisect_right(breaks, s)) or list(sources)
        valid, bad = [m for m in cites if m in srcs], [m for m in cites if m not in srcs]

        def ok(item: Found) -> bool:
            return bool(item.keys) and any(_name_ok(item, srcs[m], lex) if item.kind == "name"
                                           else bool(set(item.keys) & srcs[m].tokens) for m in valid)

        for item in [] if ok(f) else _parts(f) if f.kind == "name" else [f]:
            if item is not f and ok(item):
                continue
            reason = ([f"not in {', '.join(valid)}"] if item.keys and valid else [] if item.keys else
                      ["not a valid date"])
            reason += [f"cites {', '.join(bad)}, which {'is' if len(bad) == 1 else 'are'} not a source"] if bad else []
            claims.append(Claim(text=item.text, kind=item.kind, field=field, start=item.start, end=item.end,
                                cited=cites, reason="; ".join(reason or ["no sources"])))
    return claims


def check_plain_text(text: str, passages_texts: list[str], lang: str | None = None, *,
                     lexicon: Lexicon | None = None) -> list[Claim]:
    """A hand-edited text without markers: every passage counts as cited (S1 = the first passage)."""
    sources = {f"S{i}": t for i, t in enumerate(passages_texts, start=1)}
    return check_text(text, sources, lang, cited=list(sources), lexicon=lexicon)


def check_draft(content: BaseModel | dict, sources: dict[str, str], lang: str | None, *,
                lexicon: Lexicon | None = None) -> list[Claim]:
    """Every text field of a format model or its dump, by path (`sections[1].paragraphs[0]`). An object's
    `source` marker (quiz question, infographic item) is cited by its unmarked sentences; of quiz options
    only the correct one is checked (the others are meant to be wrong)."""
    return [c for path, text, cited in _fields(content, "", None)
            for c in check_text(text, sources, lang, path, cited=cited, lexicon=lexicon)]


def _fields(obj, path: str, cited: list[str] | None):
    if isinstance(obj, (BaseModel, dict)):
        items = dict(obj)  # a model iterates as (field, value)
        if isinstance(src := items.get("source"), str) and re.fullmatch(r"S\d+", src.strip()):
            cited = [items.pop("source").strip()]
        for name, value in items.items():
            sub = f"{path}.{name}" if path else name
            if name == "options" and isinstance(correct := items.get("correct"), int) and isinstance(value, list):
                yield from (x for v in value[correct:correct + 1] for x in _fields(v, f"{sub}[{correct}]", cited))
            else:
                yield from _fields(value, sub, cited)
    elif isinstance(obj, str):
        yield path, obj, cited
    elif isinstance(obj, (list, tuple)):
        yield from (x for i, value in enumerate(obj) for x in _fields(value, f"{path}[{i}]", cited))
