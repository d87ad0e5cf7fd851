"""Risk recognizers of the safety gate: confidentiality markings, sensitive records about a named person, prompt
injection (studio.safety.injection, re-exported here), the AI-assistance label and unsupported claims. Pure functions over the text, no I/O; every finding
indexes the original text (NFC or NFD), severity stays "info" (the policy sets it).

Words are compared with one accent rule: a word written with diacritics must be the listed word exactly
("mặt" is not "mật", "lượng" is not "lương"); a word written without any may stand for it ("mat", "noi bo").

Markings (`detect_confidential`) — a marking is a label, not a word in a sentence. A listed phrase counts when
  1. it fills a segment alone, up to decoration (* _ # - : . ! quotes): a segment is a line, a bracketed part,
     or a part set off by a tab, | or two spaces ("MẬT", "[Tài liệu nội bộ]", "CÔNG ĐOÀN …    TỐI MẬT");
  2. it is the value of a short colon label filling the rest of its segment ("Độ mật: Mật", "Classification:
     Confidential");
  3. it is written in capitals amid words that are not ("Tài liệu TUYỆT MẬT, không sao chụp"); an all-caps
     headline ("CÔNG TÁC NỘI BỘ CỦA ĐẢNG") is not; the short ones (mật, nội bộ, secret, restricted) so only with
     their diacritics or in English, never "MAT";
  4. it is a distribution phrase, anywhere ("lưu hành nội bộ", "for internal use only", "do not distribute").
  Not markings: "bí mật", "mật khẩu", "mật độ", "mật ong", "công tác nội bộ", "confidential documents".
Persons (`simple_person_spans`) — an honorific (ông, bà, anh, chị, đồng chí, đ/c, đoàn viên, Mr, Ms, Dr …) then
  capitalised syllables, the first no organisation word (Công, Ban, Đoàn …); a role (chủ tịch, giám đốc,
  governor …) then a Vietnamese surname and one more capitalised syllable; a bare surname with two more
  ("Lê Văn C"). None right after a place word ("TP. Hồ Chí Minh", "đường Nguyễn Văn Cừ", "tỉnh Bà Rịa").
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

from studio.drafting.models import Claim
from studio.knowledge.textnorm import fold_word, nfc, sentence_spans
from studio.safety.findings import (CONFIDENTIAL_MARKING, MISSING_AI_LABEL, OTHER_LANGUAGE, SENSITIVE_RECORD,
                                    UNSUPPORTED_CLAIM, Finding)
from studio.safety.injection import detect_injection  # noqa: F401  (re-exported: injection lives there)

# --- keyword tables --------------------------------------------------------------------------------------------

# phrase: class. strong: standalone, label or capitals inline; weak: the same, capitals only with diacritics or
# in English; dist: also anywhere in prose.
MARKINGS = {
    "tuyệt mật": "strong", "tối mật": "strong", "mật": "weak", "tài liệu mật": "strong", "văn bản mật": "strong",
    "nội bộ": "weak", "tài liệu nội bộ": "strong", "văn bản nội bộ": "strong", "lưu hành nội bộ": "dist",
    "chỉ dùng trong nội bộ": "dist", "chỉ sử dụng nội bộ": "dist",
    "không phổ biến": "strong", "không được phổ biến": "strong", "không phát hành": "strong",
    "confidential": "strong", "strictly confidential": "strong", "secret": "weak", "top secret": "strong",
    "internal only": "strong", "restricted": "weak", "internal use only": "dist", "for internal use only": "dist",
    "do not distribute": "dist", "not for distribution": "dist", "not for publication": "dist",
}
RECORDS = {  # kind: {phrase: weight}
    "discipline": {"kỷ luật": .7, "kỉ luật": .7, "khiển trách": .85, "cảnh cáo": .8, "cách chức": .85,
                   "khai trừ": .85, "buộc thôi việc": .85, "sa thải": .8, "hạ bậc lương": .85,
                   "đình chỉ công tác": .8, "discipline": .6, "disciplined": .8, "disciplinary": .8,
                   "reprimand": .8, "reprimanded": .85, "dismissed": .75, "fired": .7, "sacked": .75,
                   "đình chỉ": .8, "đình chỉ công việc": .85, "kiểm điểm": .8, "nhắc nhở": .6, "phê bình": .7,
                   "đuổi việc": .85, "dọa đuổi việc": .85, "doạ đuổi việc": .85, "cho thôi việc": .8,
                   "chấm dứt hợp đồng": .7, "nghỉ việc không phép": .8, "nghỉ không phép": .8, "không lương": .6,
                   "vi phạm kỷ luật": .85, "suspended": .8, "terminated": .7, "resignation letter": .6},
    "legal": {"triệu tập": .8, "cơ quan điều tra": .85, "khởi tố": .9, "tạm giam": .9, "bắt giữ": .9, "bị bắt": .9,
              "tiền án": .9, "tiền sự": .9, "truy tố": .9, "xét xử": .7, "arrested": .9, "charged with": .85,
              "convicted": .9, "police": .6},
    "complaint": {"khiếu nại": .7, "khiếu kiện": .7, "complaint": .7, "complaints": .7, "complained": .75,
                  "grievance": .7, "phản ánh việc": .7, "quát mắng": .75, "xúc phạm": .75, "trù dập": .75,
                  "phạt tiền": .7, "trái luật": .6, "trái pháp luật": .6, "quấy rối": .85, "sàm sỡ": .85,
                  "harass": .85, "harassed": .85, "harassment": .85, "forced me": .7, "bullied": .8},
    "denunciation": {"tố cáo": .85, "tố giác": .85, "denounce": .8, "denounced": .85, "denunciation": .85,
                     "whistleblower": .8, "whistle blower": .8, "whistle blow": .8, "whistleblowing": .8,
                     "whistle blowing": .8, "whistle blew": .8},
    "health": {"bệnh": .7, "ốm": .7, "điều trị": .7, "nằm viện": .85, "nhập viện": .85, "hiv": .9,
               "ung thư": .9, "sức khỏe": .5, "sức khoẻ": .5, "mang thai": .85, "có thai": .85, "thai sản": .7,
               "trầm cảm": .85, "phẫu thuật": .8, "illness": .75, "ill": .6, "sick": .7, "diagnosed": .85,
               "hospital": .7, "hospitalised": .85, "hospitalized": .85, "pregnant": .85, "pregnancy": .85,
               "cancer": .9, "sick leave": .8, "maternity leave": .7, "health": .5,
               "đột quỵ": .9, "tai biến": .85, "bị thương": .85, "chấn thương": .85, "tai nạn": .75, "cấp cứu": .85,
               "mổ": .8, "sinh mổ": .85, "sinh non": .85, "lồng kính": .85, "bỏng": .75, "viêm": .75, "suy thận": .9,
               "chạy thận": .9, "sảy thai": .9, "khám thai": .85, "thở máy": .9, "truyền máu": .85, "bẩm sinh": .8,
               "hiểm nghèo": .85, "nghỉ ốm": .85, "ốm đau": .8, "sốt xuất huyết": .85, "tiểu đường": .85,
               "khuyết tật": .8, "thương tật": .85, "tâm thần": .85, "qua đời": .7, "mất đột ngột": .8,
               "từ trần": .7, "injured": .85, "injury": .8, "surgery": .85, "disability": .8, "died": .7},
    "hardship": {"cháy nhà": .75, "mất nhà": .75, "lũ quét": .7, "mẹ đơn thân": .75, "hoàn cảnh khó khăn": .65,
                 "mồ côi": .75, "nợ nần": .75, "vỡ nợ": .8},
    "salary": {"lương": .75, "tiền lương": .75, "mức lương": .75, "thu nhập": .7, "phụ cấp": .7, "salary": .75,
               "salaries": .75, "income": .7, "wage": .75, "wages": .75, "earnings": .7, "earns": .7},
}
_PASSIVE = {"bị", "was", "were", "been", "got"}  # just before the record word: +0.1
# The person is more likely the speaker or visitor than the subject: -0.3 ("Chủ tịch … thăm hỏi đoàn viên ốm").
ACTOR_WORDS = ("thăm hỏi", "tặng quà", "trao", "cho biết", "phát biểu", "nhấn mạnh", "chủ trì", "phụ trách",
               "chăm lo", "giải quyết", "said", "says", "told", "visited", "handled", "spoke", "chaired", "presented")
HONORIFICS = ("đồng chí", "đ c", "ông", "bà", "anh", "chị", "cô", "chú", "bác", "em", "đoàn viên",
                 "công nhân", "nhân viên", "người lao động", "mr", "mrs", "ms", "miss", "dr", "prof", "comrade")
ROLES = ("chủ tịch", "phó chủ tịch", "giám đốc", "phó giám đốc", "tổng giám đốc", "trưởng phòng", "trưởng ban",
         "bí thư", "tổ trưởng", "thống đốc", "phó thống đốc", "chairman", "chairwoman", "director", "governor",
         "president", "secretary")
SURNAMES = set("nguyễn trần lê phạm hoàng huỳnh phan vũ võ đặng bùi đỗ hồ ngô dương lý đào đinh mai trịnh lương "
               "cao tạ lâm hà tô kiều quách chu thái triệu doãn đàm phùng trương tăng lại vương khổng thân lưu mạc "
               "hứa".split())
_ORG_WORDS = set("công ban bộ sở phòng tổng liên đảng nhà trường hội ngân tỉnh thành quận huyện xã phường ủy uỷ "
                 "viện cục vụ chi đoàn the union bank party committee trade state".split())
_PLACE_WORDS = set("tp phố tỉnh quận huyện phường xã đường ngõ hẻm cầu chợ núi sông hồ chùa đền "
                   "trường viện lăng quỹ giải khu street road city province".split())
_AI = (r"(?:ai|tri tue nhan tao(?:\s*\(ai\))?|cong cu ai|generative ai|artificial intelligence(?:\s*\(ai\))?|"
       r"chatgpt)")
_AI_LABEL_RES = [re.compile(p) for p in (
    rf"\b(?:co |voi )?su (?:ho tro|tro giup) (?:cua|tu|boi) (?:cong nghe |cac? cong cu )?{_AI}",
    rf"\b(?:co )?(?:su dung|dung|ung dung) (?:cong nghe |cac? cong cu )?{_AI}\s*(?:de )?(?:ho tro|tro giup)",
    rf"\b{_AI} ho tro (?:soan|bien soan|viet|thuc hien|san xuat|tao)",
    rf"\b(?:duoc )?(?:tao|soan|viet|bien soan|san xuat|thuc hien) (?:boi|bang|voi|nho) (?:su ho tro cua )?{_AI}\b",
    r"\bai[- ](?:assisted|generated|supported)\b",
    rf"\b(?:created|produced|written|generated|drafted|prepared|made|composed) (?:with|using|by|with the (?:help|"
    rf"assistance|support) of|with help from) (?:an? |the )?{_AI}\b",
    rf"\bwith (?:the )?(?:help|assistance|support) of (?:an? |the )?{_AI}\b",
    rf"\bwith (?:an? )?{_AI} (?:assistance|support|help)\b",
)]
_IMAGE_WORDS = {"anh", "hinh", "image", "images", "photo", "photos", "picture", "pictures", "illustration", "minh",
                "video", "videos"}
AI_LABELS = {"vi": "Nội dung có sự hỗ trợ của trí tuệ nhân tạo (AI).",
             "en": "This content was produced with AI assistance."}

# --- shared helpers ---------------------------------------------------------------------------------------------

_TOKEN = re.compile(r"[\w\u0300-\u036f]+")
_GAP = re.compile(r"[ \t\u00a0]+|[ \t]*[/-][ \t]*")
_NAME_GAP = re.compile(r"\.?[ \t\u00a0]+")


def _tokens(text: str) -> list[tuple[int, int, str]]:
    return [(m.start(), m.end(), nfc(m.group()).lower()) for m in _TOKEN.finditer(text)]


def _eq(low: str, canon: str) -> bool:
    """The accent rule: exact, or written without any diacritics."""
    return low == canon or (low == fold_word(canon) and fold_word(low) == low)


def _match(text: str, toks: list, i: int, phrase: tuple[str, ...], gap: re.Pattern = _GAP) -> int | None:
    """Index after the last token when `phrase` starts at token i."""
    if i + len(phrase) > len(toks):
        return None
    for k, word in enumerate(phrase):
        if not _eq(toks[i + k][2], word) or (k and not gap.fullmatch(text, toks[i + k - 1][1], toks[i + k][0])):
            return None
    return i + len(phrase)


def _phrases(table: Iterable[str]) -> list[tuple[str, tuple[str, ...]]]:
    return sorted(((p, tuple(p.split())) for p in table), key=lambda x: -len(x[1]))


_FIRST_WORD_INDEX: dict[int, dict[str, list]] = {}


def _by_first_word(table: list) -> dict[str, list]:
    """The table's phrases grouped by their folded first word (longest first), built once per table."""
    index = _FIRST_WORD_INDEX.get(id(table))
    if index is None:
        index = {}
        for name, phrase in table:
            index.setdefault(fold_word(phrase[0]), []).append((name, phrase))
        _FIRST_WORD_INDEX[id(table)] = index
    return index


def _find(text: str, toks: list, table: list) -> list[tuple[int, int, str]]:
    """Non-overlapping phrase occurrences, longest first: (first token, end token, phrase)."""
    out, i = [], 0
    index = _by_first_word(table)
    while i < len(toks):
        # the accent rule implies equal folded forms, so only phrases with this folded first word can match
        for name, phrase in index.get(fold_word(toks[i][2]), ()):
            if (j := _match(text, toks, i, phrase)) is not None:
                out.append((i, j, name))
                i = j
                break
        else:
            i += 1
    return out


def _folded(text: str) -> tuple[str, list[int]]:
    """Lowercase text without diacritics, and the original index of every folded character (plus the end)."""
    chars, index = [], []
    for i, ch in enumerate(text):
        for f in ("" if unicodedata.combining(ch) else fold_word(ch)):
            chars.append(f)
            index.append(i)
    return "".join(chars), index + [len(text)]


def _finding(kind: str, text: str, start: int, end: int, score: float, recognizer: str, detail: str) -> Finding:
    return Finding(kind, start, end, text[start:end], round(min(score, 1.0), 2), recognizer, detail=detail)


# --- confidentiality markings ----------------------------------------------------------------------------------

_MARK_TABLE = _phrases(MARKINGS)
_SEG_BOUND = re.compile(r"\n|\t|\||[()\[\]{}«»]| {2,}| [-–—] ")
_DECOR = re.compile(r"[\s*_#>•·\-–—:.,;!~=+\"'“”‘’]*")
_LABEL = re.compile(r"[\s*_#>•\-–—]*[\w\u0300-\u036f][\w\u0300-\u036f ./]{0,38}:[ \t]*")


def detect_confidential(text: str) -> list[Finding]:
    """Confidentiality markings by the four rules of the module docstring; detail: "phrase (rule)"."""
    toks = _tokens(text)
    bounds = [0] + [p for m in _SEG_BOUND.finditer(text) for p in m.span()] + [len(text)]
    out = []
    for i, j, phrase in _find(text, toks, _MARK_TABLE):
        start, end, cls = toks[i][0], toks[j - 1][1], MARKINGS[phrase]
        seg_start = max(b for b in bounds if b <= start)
        seg_end = min(b for b in bounds if b >= end)
        before, after = text[seg_start:start], text[end:seg_end]
        written = text[start:end]
        if _DECOR.fullmatch(after) and _DECOR.fullmatch(before):
            score, how = .95, "stamp"
        elif _DECOR.fullmatch(after) and _LABEL.fullmatch(before):
            start, score, how = seg_start + len(before) - len(before.lstrip(" \t*_#>•-–—")), .9, "label"
        elif (written.isupper() and not any(seg_start <= toks[k][0] and toks[k][1] <= seg_end and _caps(text, toks[k])
                                             for k in (i - 1, j) if 0 <= k < len(toks))  # not in a headline
              and (cls != "weak" or phrase.isascii() or fold_word(nfc(written)) != nfc(written).lower())):
            score, how = (.6 if cls == "weak" else .85), "capitals"
        elif cls == "dist":
            score, how = .75, "distribution phrase"
        else:
            continue
        out.append(_finding(CONFIDENTIAL_MARKING, text, start, end, score, "confidential", f"{phrase} ({how})"))
    return out


def _caps(text: str, tok: tuple[int, int, str]) -> bool:
    word = text[tok[0]:tok[1]]
    return sum(c.isalpha() for c in word) > 1 and word.isupper()


# --- persons and sensitive records -----------------------------------------------------------------------------

_HONORIFICS, _ROLES = _phrases(HONORIFICS), _phrases(ROLES)


def simple_person_spans(text: str) -> list[tuple[int, int]]:
    """Persons by a simple rule (see the module docstring): (start, end) of honorific/role and name."""
    toks = _tokens(text)
    caps = [text[s].isupper() for s, _, _ in toks]
    letters = [c for c in text[:2000] if c.isalpha()]
    shouting = len(letters) > 40 and sum(c.isupper() for c in letters) > 0.8 * len(letters)  # a headline in capitals
    spans = []

    def name_end(k: int, first_ok) -> int | None:  # capitalised syllables from token k, on the line
        if k >= len(toks) or not caps[k] or not first_ok(toks[k][2]):
            return None
        m = k + 1
        while m < len(toks) and m - k < 5 and caps[m] and _NAME_GAP.fullmatch(text, toks[m - 1][1], toks[m][0]) \
                and toks[m][2] not in _ORG_WORDS:
            m += 1
        return m

    places = {fold_word(w) for w in _PLACE_WORDS}
    for i, tok in enumerate(toks):
        if i and fold_word(toks[i - 1][2]) in places and any(_eq(toks[i - 1][2], w) for w in _PLACE_WORDS):
            continue
        honorific_ok = _is_surname if shouting else (lambda w: not any(_eq(w, o) for o in _ORG_WORDS))
        for table, first_ok, least in ((_HONORIFICS, honorific_ok, 2 if shouting else 1), (_ROLES, _is_surname, 2)):
            for _, phrase in _by_first_word(table).get(fold_word(tok[2]), ()):
                j = _match(text, toks, i, phrase)
                if j is None or j >= len(toks) or not _NAME_GAP.fullmatch(text, toks[j - 1][1], toks[j][0]):
                    continue
                if (m := name_end(j, first_ok)) is not None and m - j >= least:
                    spans.append((tok[0], toks[m - 1][1]))
                break
        if not shouting and caps[i] and _is_surname(tok[2]) and (m := name_end(i, _is_surname)) is not None \
                and m - i >= 3:
            spans.append((tok[0], toks[m - 1][1]))
    merged: list[tuple[int, int]] = []
    for s, e in sorted(spans):  # an honorific's name and a bare name overlap: one person
        overlap = merged and s < merged[-1][1]
        merged[-1:] = [(merged[-1][0], max(e, merged[-1][1]))] if overlap else merged[-1:] + [(s, e)]
    return merged


def _is_surname(word: str) -> bool:
    return any(_eq(word, s) for s in SURNAMES)


_RECORD_TABLES, _ACTORS = {kind: _phrases(table) for kind, table in RECORDS.items()}, _phrases(ACTOR_WORDS)
_MONEY = re.compile(r"[$€£]\s?\d|\d[\d.,]*\s?(?:[$€£]|(?:triệu|trieu|nghìn|nghin|ngàn|ngan|tỷ|ty|đồng|dong|vnđ|vnd|"
                    r"usd|eur|k|million|thousand|m)\b|/\s?(?:tháng|thang|month|năm|nam|year))", re.IGNORECASE)
_OF = re.compile(r"\s+(?:của|cua|of)\s+", re.IGNORECASE)
_POSSESSIVE = re.compile(r"\b(?:his|her|their)\s+(?:\w+\s+)?$|['’]s\s+(?:\w+\s+)?$", re.IGNORECASE)


_RECORD_FIRST_WORDS = {fold_word(phrase.split()[0]) for table in RECORDS.values() for phrase in table}


def has_record_words(text: str) -> bool:
    """Some word of the record tables is in `text` (a cheap test before any person search)."""
    return bool(_RECORD_FIRST_WORDS & {fold_word(w) for w in re.findall(r"\w+", text)})


def detect_sensitive_records(text: str, person_spans: list[tuple[int, int]] | None = None) -> list[Finding]:
    """One finding per sentence and record kind when a person (given spans, else `simple_person_spans`) is in the
    sentence; spans the sentence, detail names its kinds, strongest first (discipline, legal, complaint, denunciation,
    health, hardship, salary)."""
    if not has_record_words(text):
        return []  # no record word at all: skip the costly person search
    persons = simple_person_spans(text) if person_spans is None else sorted(person_spans)
    out = []
    for s, e in sentence_spans(text):
        mine = [(ps, pe) for ps, pe in persons if ps < e and pe > s]
        if not mine:
            continue
        toks = _tokens(text[s:e])
        damp = .3 if _find(text[s:e], toks, _ACTORS) else 0
        kinds: dict[str, float] = {}
        for kind, table in _RECORD_TABLES.items():
            best = 0.0
            for i, j, phrase in _find(text[s:e], toks, table):
                weight = RECORDS[kind][phrase] + (.1 if any(t[2] in _PASSIVE for t in toks[max(0, i - 3):i]) else 0)
                if kind == "salary" and not _about_pay(text, s, e, s + toks[i][0], s + toks[j - 1][1], mine):
                    continue
                best = max(best, weight - damp)
            if best:
                kinds[kind] = best
        if kinds:  # one finding per sentence, its kinds strongest first
            order = sorted(kinds, key=lambda k: -kinds[k])
            out.append(_finding(SENSITIVE_RECORD, text, s, e, kinds[order[0]], "sensitive_records", ", ".join(order)))
    return out


def _about_pay(text: str, s: int, e: int, ks: int, ke: int, persons: list[tuple[int, int]]) -> bool:
    """A pay word names a person's pay: a money figure in the sentence or a digit right after the word, the word
    followed by "của/of" + the person, or a possessive before it ("Smith's salary", "her income")."""
    if _MONEY.search(text, s, e) or re.search(r"\d", text[ke:min(e, ke + 30)]):
        return True
    if (m := _OF.match(text, ke, e)) and any(ps <= m.end() < pe for ps, pe in persons):
        return True
    return bool(_POSSESSIVE.search(text[s:ks]))


# --- AI label and unsupported claims ---------------------------------------------------------------------------

def has_ai_label(text: str) -> bool:
    """A visible AI-assistance label: a listed wording in a sentence of at most 12 words besides it, not about
    images ("Images created with AI: …" labels the pictures, not the text)."""
    for s, e in sentence_spans(nfc(text)):
        sentence = _folded(nfc(text)[s:e])[0]
        for pattern in _AI_LABEL_RES:
            for m in pattern.finditer(sentence):
                near = sentence[:m.start()].split()[-4:] + sentence[m.end():].split()[:2]
                rest = len(sentence[:m.start()].split()) + len(sentence[m.end():].split())
                if rest <= 12 and not _IMAGE_WORDS & {w.strip("():,.") for w in near}:
                    return True
    return False


def check_ai_label(text: str, lang: str) -> list[Finding]:
    if has_ai_label(text):
        return []
    label = AI_LABELS.get(lang, AI_LABELS["en"])
    return [Finding(MISSING_AI_LABEL, 0, 0, "", 1.0, "ai_label", detail=f"add the label: {label}")]


def unsupported_claims_to_findings(claims: Iterable) -> list[Finding]:
    """Grounding claims (studio.drafting.models.Claim, or their dicts) as findings; offsets are the claim's,
    relative to its field, which `detail` names."""
    out = []
    for c in claims:
        c = c if isinstance(c, Claim) else Claim.model_validate(c)
        cited = f", cites {' '.join(c.cited)}" if c.cited else ""
        detail = f"field {c.field} (offsets relative to this field); {c.kind}{cited}: {c.reason or 'not in sources'}"
        out.append(Finding(UNSUPPORTED_CLAIM, c.start, c.end, c.text, 0.9, "unsupported_claims", detail=detail))
    return out


LANGUAGE_NAMES = {"vi": "tiếng Việt", "en": "English", "de": "Deutsch", "no": "norsk", "fr": "français"}


def other_language_findings(text: str, lang: str) -> list[Finding]:
    """A warning for each sentence of a draft written in another language than the draft's `lang` (a passage
    pasted untranslated); headings, markers and figures alone are not sentences."""
    from studio.drafting.language import foreign_sentences

    if lang not in ("vi", "en"):
        return []
    return [Finding(OTHER_LANGUAGE, start, end, text[start:end], 0.9, "language",
                    detail=f"{LANGUAGE_NAMES.get(found, found)} ≠ {LANGUAGE_NAMES[lang]}")
            for start, end, found in foreign_sentences(text, lang)]
