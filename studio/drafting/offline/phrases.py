"""Whole phrases cut from a source sentence: infographic labels that name a figure, on-screen lines of a video.

A phrase is a run of the sentence's own words that starts and ends on a content word: function words
("đến", "vào", "là", "đạt", "ngày" before a date; "to", "on", "the", "reached") are trimmed from both
ends, and a phrase is cut only at a clause boundary (punctuation, a dash, an opening quote) or just
before a function word, so it never stops mid-phrase and never needs a "…".
"""

from __future__ import annotations

import re

from studio.drafting.formats import word_count
from studio.drafting.offline.figures import _TIME_KINDS, Figure

_VI_EDGE = ("đến vào là đạt của với và trong tại từ cho về theo được có để khi đã sẽ đang hơn gần khoảng trên "
            "ít_nhất so_với nhằm gồm bao_gồm tới lên lên_tới lên_đến tính_đến thì mà nhưng hoặc hay như do bởi vì "
            "nên sau trước ngay lúc bằng qua tổng_cộng cùng đồng_thời bình_quân trung_bình một mỗi mọi").split()
# only at the end of a label, where they name the figure that follows ("ngày" 22/12/2024, "Nghị quyết số" 57)
_VI_TAIL = ("ngày năm tháng giai_đoạn các những này đó mốc thời_điểm nghị_quyết_số nghị_quyết quyết_định_số "
            "quyết_định chỉ_thị_số chỉ_thị").split()
_EN_EDGE = ("to of in on at by for from with and or the a an is are was were be been has have had as than until "
            "since into about nearly over around almost its their this that these those which who while when "
            "where per reached reaches reach totalled totaled stood rose fell also then some more such like "
            "including them it they average").split()
_EN_TAIL = "date dated year month day period No. No number resolution decision directive".split()
# not a place to cut a phrase: inside a coordination or an "of" phrase
_NO_CUT = set("and or và hoặc hay the a an của of các những một mỗi mọi".split())
# a phrase that ends on one of these leaves the figure as its missing object: "… phát động", "… launched"
_VI_VERB = ("phát_động ban_hành bắt_đầu diễn_ra tổ_chức ký thông_qua tham_gia thu_hút ghi_nhận đề_ra tăng giảm "
            "coi xác_định yêu_cầu triển_khai thực_hiện quán_triệt").split()
_EN_VERB = re.compile(r"(?:ed|es)$|^(?:held|began|begun|set|sets|made|drew|won|took|gave|names?|launch|issue|hold"
                      r"|turn|turns|make|makes|bring|brings|is|are|was|were|be)$", re.I)
_BOUNDARY = re.compile(r"(?<!\bNo)(?<!\bno)[.;:!?](?=\s|$)|,\s|\s[–—-]\s|[()\[\]“”\"«»]")
# a label names the figure, it does not show another quantity or date ("… handled 75%")
_QUANTITY = re.compile(r"\d\s?%|\b\d{1,2}/\d{1,2}/\d{4}\b|(?<![\w/-])\d{1,3}(?:[.,]\d{3})+(?![\w/-])"
                       r"|(?<![\w/.,-])(?!(?:19|20)\d\d)\d+(?![\w/.,-])")
_DOC_REF = re.compile(r"\b(?:[Nn]ghị quyết|[Qq]uyết định|[Cc]hỉ thị|[Kk]ế hoạch|[Rr]esolution|[Dd]ecision|[Dd]irective)"
                      r"(?: số| No\.?)?\s\d{1,5}(?:[-/][A-ZĐ]{1,6}(?:/[A-ZĐ0-9]{1,8}){0,3})?(?!\w)")


def _phrases(words: list[str], lang: str, table: list[str]) -> int:
    """How many of `words`' first words form one of `table`'s entries (multi-word entries joined by "_")."""
    for entry in sorted(table, key=lambda e: -e.count("_")):
        parts = entry.split("_")
        if [w.lower() for w in words[:len(parts)]] == [p.lower() for p in parts]:
            return len(parts)
    return 0


def _edge_words(lang: str, tail: bool) -> list[str]:
    if lang == "vi":
        return _VI_EDGE + (_VI_TAIL if tail else [])
    return _EN_EDGE + (_EN_TAIL if tail else [])


def trim(phrase: str, lang: str, label: bool = False) -> str:
    """`phrase` without function words at either end; a `label` also loses what names the figure after it
    (the date's own "ngày", "Nghị quyết số")."""
    words = phrase.strip(" ,;:–-").split()
    while words and (n := _phrases(words, lang, _edge_words(lang, False))):
        words = words[n:]
    while words:
        rev = list(reversed(words))
        n = _phrases(rev, lang, ["_".join(reversed(e.split("_"))) for e in _edge_words(lang, label)])
        if not n:
            break
        words = words[:-n]
    return " ".join(words).strip(" ,;:–-")


def opens_with_function_word(text: str, lang: str) -> bool:
    """Whether `text` starts with a word a phrase may be cut before ("về …", "to …", "and …")."""
    return bool(_phrases(text.split(), lang, _edge_words(lang, True)))


def _balanced(text: str) -> bool:
    return (text.count("(") == text.count(")") and text.count("“") == text.count("”")
            and text.count('"') % 2 == 0 and text.count("«") == text.count("»"))


def _dangling_verb(phrase: str, lang: str) -> bool:
    words = phrase.split()
    if lang == "vi":
        return bool(_phrases(list(reversed(words)), lang, ["_".join(reversed(v.split("_"))) for v in _VI_VERB]))
    return bool(words) and bool(_EN_VERB.search(words[-1])) and len(words[-1]) > 3


def acceptable(phrase: str, lang: str, max_words: int, *, before: bool = False, min_words: int = 2,
               label: bool = False) -> bool:
    words = phrase.split()  # and the product's own count ("2025–2030" is two words there)
    return (min_words <= len(words) and word_count(phrase) <= max_words and trim(phrase, lang, label) == phrase
            and _balanced(phrase) and re.search(r"[^\W\d_]", phrase) is not None
            and not (before and _dangling_verb(phrase, lang)))


def fit(span: str, lang: str, max_words: int, *, before: bool = False, min_words: int = 2,
        label: bool = False) -> str | None:
    """`span` trimmed, or its longest start (before a function word) that is a whole phrase of ≤ `max_words`."""
    opts = {"before": before, "min_words": min_words, "label": label}
    span = trim(span, lang, label)
    if acceptable(span, lang, max_words, **opts):
        return span
    words, cuts = span.split(), _edge_words(lang, label)
    if before:  # the words nearest the figure: a run that starts just after a function word
        for start in range(max(1, len(words) - max_words), len(words) - min_words + 1):
            if _phrases(list(reversed(words[:start])), lang, ["_".join(reversed(e.split("_"))) for e in cuts]):
                tail = trim(" ".join(words[start:]), lang, label)
                if acceptable(tail, lang, max_words, **opts):
                    return tail
        return None
    for end in range(min(len(words) - 1, max_words), min_words - 1, -1):
        # cut just before a function word that opens a new phrase ("về", "to"), not inside "A and B", "X of Y"
        if words[end].lower() not in _NO_CUT and _phrases(words[end:], lang, cuts):
            head = trim(" ".join(words[:end]), lang, label)  # a cut phrase never ends on its verb
            if acceptable(head, lang, max_words, **{**opts, "before": True}):
                return head
    return None


def _clause_around(text: str, start: int, end: int) -> tuple[str, str]:
    """The words of the figure's clause before it and after it."""
    cuts = list(_BOUNDARY.finditer(text))
    left = max((m.end() for m in cuts if m.end() <= start), default=0)
    right = min((m.start() for m in cuts if m.start() >= end), default=len(text))
    return text[left:start], text[end:right]


def label(text: str, fig: Figure, lang: str, max_words: int = 8) -> str | None:
    """A noun phrase from the sentence naming `fig` ("đoàn viên được tập huấn", "Ngày ban hành"), or None."""
    before, after = _clause_around(text, fig.qstart, fig.end)
    value = text[fig.qstart:fig.end]
    tries: list[tuple[str, bool | None]] = []  # (words, before the figure; None: the clause after a comma)
    head = re.search(r"([^.;:!?]+):\s*(?:ngày|năm|tháng)?\s*$", text[:fig.qstart], re.I)
    if head:  # "Ngày ban hành: ngày 22/12/2024": a field name, a noun phrase whatever its last word
        tries.append((head.group(1).strip(" •-–*"), False))
    colon = re.match(r"\s*:\s*(.+)", text[fig.end:])
    if colon:  # "Ngày 30/7/2025: nghị quyết chuyển đổi số …": the words after the colon say what it is
        after = colon.group(1)[:_stop(colon.group(1))]
    if fig.kind in _TIME_KINDS:  # the document the date belongs to, right before or after it
        doc = _DOC_REF.search(after)
        if doc and after[:doc.start()].strip(" :,–-") == "":
            tries.append((doc.group(), False))
        doc = re.search(_DOC_REF.pattern + r"\s*(?:,\s*)?(?:ngày|dated|of|on)?\s*$", text[:fig.qstart])
        if doc:
            tries.append((_DOC_REF.match(text, doc.start()).group(), False))
    leading = _phrases(after.split(), lang, _edge_words(lang, False))
    if fig.kind in ("count", "percent"):  # "gần 30.000 người theo dõi": what is counted names it best
        tries.insert(0, (after, False))
        tries.append((before, True))
    else:  # "Cuộc thi trực tuyến năm 2025 …": a date or a year is named by the words before it
        tries.append((before, True))
        if not leading:  # but "… ngày 22/12/2024 của Bộ Chính trị" names the issuer, not the date
            tries.append((after, False))
    rest = re.match(r"\s*,\s*([^.;:!?]+)", text[fig.end:])
    if rest and not before.strip(" ,").split()[1:]:  # "Ngày 26/5/2025, Thống đốc … phát động …"
        tries.append((rest.group(1)[:_stop(rest.group(1))], None))
    if fig.kind == "doc":  # "Nghị quyết 57": the words around it name the resolution, not the number
        tries = tries[:1] if head else []
    for span, is_before in tries:
        # a field name or the words after the figure may be one noun ("followers"); a clause must not end on its verb
        # words before the figure need three syllables in Vietnamese: "giám sát" alone names nothing
        least = 1 + bool(is_before) + bool(is_before and lang == "vi")
        got = fit(span, lang, max_words, before=bool(is_before), label=True, min_words=least)
        if (got and value not in got and not _QUANTITY.search(got)
                and not ((is_before is None or len(got.split()) == 1) and _dangling_verb(got, lang))):
            return got
    return None


def _stop(text: str) -> int:
    m = _BOUNDARY.search(text)
    return m.start() if m else len(text)


def on_screen(text: str, lang: str, focus: tuple[int, int] | None = None, max_words: int = 12) -> str | None:
    """A whole phrase of the sentence for the screen: the sentence, the figure's clause, or its first clause."""
    body = re.sub(r"[.!?…]+[\"'”’»)\]]*$", "", text.strip())
    whole = trim(body, lang)
    if acceptable(whole, lang, max_words, min_words=3):
        return whole
    spans, pos, opened = [], 0, 0
    for m in _BOUNDARY.finditer(body):
        spans.append((pos, m.start(), opened))
        opened = max(0, opened + (m.group() in "([“«") - (m.group() in ")]”»"))
        pos = m.end()
    spans.append((pos, len(body), opened))
    # the figure's own clause first, then clauses in reading order; asides in brackets or quotes last
    spans.sort(key=lambda s: (not (focus and (s[0] <= focus[0] < s[1] or s[0] <= focus[1] - 1 < s[1])), s[2] > 0))
    for min_words in (5, 3):
        for a, b, _ in spans:
            got = fit(body[a:b], lang, max_words, min_words=min_words)
            if got:
                return got
    return None
