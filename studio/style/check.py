"""Check a draft against the house style: forbidden forms, Party document numbers, abbreviations not spelled
out, capitals and diacritics of names and titles, number separators and date formats.

`check_content` walks every text field of a dumped draft in document order (so an abbreviation spelled out
in the lead counts for the sections after it) and names each field by its path ("sections[0].paragraphs[1]").
Offsets are character offsets in the NFC form of the field's text (drafts are NFC; other input is
normalised first). Citation markers `[S3]`, URLs, file names and `code` are never checked.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from studio.style.model import StyleGuide, Term

_SKIP_KEYS = {"source", "lang", "format", "correct", "answer", "kind", "duration_s", "id", "marker", "doc_id"}
_MASK = re.compile(r"\[S\d+(?:\s*,\s*S\d+)*\]|https?://\S+|www\.\S+|`[^`\n]*`|\S+\.(?:md|txt|pdf|docx|html|png|jpg|mp4)\b"
                   r"|[\w.+-]+@[\w-]+\.[\w.]+")
_PARTY_DOC = re.compile(r"(?<![\w/.\-])(\d{1,4})(\s*[-–/]\s*|\s+)(NQ|KL|CT|QĐ|QC|QĐi|TB|HD|BC|KH|ĐA)"
                        r"(\s*[-–/]\s*|\s*)(TW|TƯ|T\.Ư|T\.W|WT)(?!\w)")
_INTRO = re.compile(r"\((?:sau đây )?(?:gọi (?:tắt )?là|viết tắt(?: là)?)\s*$")
_UNITS = r"(?:\s?%|\s(?:triệu|tỷ|nghìn|ngàn|million|billion|thousand|km|kg|ha|m2|m²))"
_NAMES = {"vi": {"vi": "tiếng Việt", "en": "Vietnamese"}, "en": {"vi": "tiếng Anh", "en": "English"}}
_SEP = {".": {"vi": "dấu chấm", "en": "a point"}, ",": {"vi": "dấu phẩy", "en": "a comma"},
        " ": {"vi": "dấu cách", "en": "a space"}}

MESSAGES = {
    "forbidden_form": {"vi": "“{text}” là cách viết không đúng; hãy viết “{suggestion}”.",
                       "en": "“{text}” is not the house form; write “{suggestion}”."},
    "document_number": {"vi": "Số hiệu văn bản của Đảng viết “{suggestion}” (số-loại/TW), không viết “{text}”.",
                        "en": "Party document numbers are written “{suggestion}” (number-type/TW), not “{text}”."},
    "abbreviation": {"vi": "“{text}” là chữ viết tắt chưa được giải thích; lần đầu hãy viết “{suggestion}”.",
                     "en": "“{text}” is an abbreviation not spelled out; at first use write “{suggestion}”."},
    "capitalisation": {"vi": "Viết hoa chưa đúng: “{text}” → “{suggestion}”.",
                       "en": "Capitalisation: “{text}” → “{suggestion}”."},
    "diacritics": {"vi": "Thiếu hoặc sai dấu: “{text}” → “{suggestion}”.",
                   "en": "Missing or wrong diacritics: “{text}” → “{suggestion}”."},
    "thousands_separator": {
        "vi": "“{text}”: văn bản {lang_vi} ngăn cách hàng nghìn bằng {thousands_vi} và phần thập phân bằng {decimal_vi}; "
              "có lẽ phải viết “{suggestion}”.",
        "en": "“{text}”: a {lang_en} text separates thousands with {thousands_en} and decimals with {decimal_en}; "
              "probably “{suggestion}”."},
    "decimal_separator": {
        "vi": "“{text}”: văn bản {lang_vi} dùng {decimal_vi} cho phần thập phân; có lẽ phải viết “{suggestion}”.",
        "en": "“{text}”: a {lang_en} text writes decimals with {decimal_en}; probably “{suggestion}”."},
    "date_format": {"vi": "“{text}” → “{suggestion}”: ngày tháng viết theo mẫu “{example}”.",
                    "en": "“{text}” → “{suggestion}”: write dates like “{example}”."},
}


@dataclass(frozen=True)
class StyleFinding:
    field: str
    start: int
    end: int
    text: str
    rule: str
    suggestion: str
    severity: str  # "warn" | "info"
    message: dict  # {"vi": …, "en": …}

    def to_dict(self) -> dict:
        return {"field": self.field, "start": self.start, "end": self.end, "text": self.text, "rule": self.rule,
                "suggestion": self.suggestion, "severity": self.severity, "message": dict(self.message)}


def check_text(text: str, lang: str, guide: StyleGuide) -> list[StyleFinding]:
    """Findings in one text (field "")."""
    return _Checker(guide, lang).run(text, "")


def check_content(fmt, content: dict, lang: str, guide: StyleGuide) -> list[StyleFinding]:
    """Findings in every text field of a dumped draft of format `fmt` (the name or the FormatName)."""
    checker = _Checker(guide, lang)
    out: list[StyleFinding] = []
    for path, text in _text_fields(content, ""):
        out += checker.run(text, path)
    return out


def _text_fields(value, path: str):
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, dict):
        for key, item in value.items():
            if key not in _SKIP_KEYS:
                yield from _text_fields(item, f"{path}.{key}" if path else str(key))
    elif isinstance(value, (list, tuple)):
        for i, item in enumerate(value):
            yield from _text_fields(item, f"{path}[{i}]")


# ---------------------------------------------------------------- folding (same length as the text)

@lru_cache(maxsize=1)
def _fold_table() -> dict[int, str]:
    table = {ord("đ"): "d", ord("Đ"): "d"}
    for cp in list(range(0x41, 0x5B)) + list(range(0xC0, 0x250)) + list(range(0x1E00, 0x1F00)):
        ch = chr(cp)
        base = unicodedata.normalize("NFD", ch)[0].lower()
        if len(base) == 1 and base != ch:
            table[cp] = base
    return table


def _fold(text: str) -> str:
    """Lower case without diacritics, one character for one (so offsets carry over)."""
    return text.translate(_fold_table())


def _space(text: str) -> str:
    return " ".join(text.split())


# ---------------------------------------------------------------- the compiled guide

class _Compiled:
    def __init__(self, guide: StyleGuide, lang: str) -> None:
        terms = guide.terms_for(lang)
        self.rules = guide.numbers[lang] if lang in guide.numbers else guide.numbers["vi"]
        self.party = guide.party_document_numbers
        self.forbidden: dict[str, Term] = {}          # casefolded form → term (spelling terms)
        self.abbreviations: dict[str, Term] = {}      # exact abbreviation → term
        forms_ci, forms_cs = [], []
        for term in terms:
            for form in term.forbidden:
                if term.kind == "abbreviation":
                    self.abbreviations[form] = term
                    forms_cs.append(form)
                else:
                    self.forbidden[form.casefold()] = term
                    (forms_cs if form.isupper() and not any(c.isdigit() for c in form) else forms_ci).append(form)
        self.forms_ci = _alternation(forms_ci, re.IGNORECASE)
        self.forms_cs = _alternation(forms_cs, 0)
        self.variants: dict[str, Term] = {_space(_fold(t.preferred)): t for t in terms}
        self.variant_re = _alternation([_fold(t.preferred) for t in terms], 0)
        t, d = self.rules.thousands, self.rules.decimal
        wrong = d  # a thousands group written with the decimal separator
        tail = rf"(?:{re.escape(t)}\d+)?" if t != " " else ""
        self.thousands_re = re.compile(rf"(?<![\w.,/\-])[1-9]\d{{0,2}}(?:{re.escape(wrong)}\d{{3}})+{tail}(?![\w]|[.,]\d)")
        self.decimal_re = (re.compile(rf"(?<![\w.,/\-])\d+{re.escape(t)}\d{{1,2}}(?=(?!\d){_UNITS})")
                           if t != " " else None)


def _alternation(forms: list[str], flags: int):
    if not forms:
        return None
    parts = [r"\s+".join(re.escape(w) for w in f.split()) for f in sorted(set(forms), key=len, reverse=True)]
    return re.compile(r"(?<![\w])(?:" + "|".join(parts) + r")(?![\w])", flags)


_COMPILED: dict[tuple[int, str], tuple[StyleGuide, _Compiled]] = {}


def _compiled(guide: StyleGuide, lang: str) -> _Compiled:
    key = (id(guide), lang)
    hit = _COMPILED.get(key)
    if hit is None or hit[0] is not guide:
        if len(_COMPILED) > 16:
            _COMPILED.clear()
        hit = _COMPILED[key] = (guide, _Compiled(guide, lang))
    return hit[1]


# ---------------------------------------------------------------- the checker (one per draft)

class _Checker:
    def __init__(self, guide: StyleGuide, lang: str) -> None:
        self.lang = lang if lang in ("vi", "en") else "vi"
        self.c = _compiled(guide, self.lang)
        self.introduced: set[str] = set()
        self.flagged: set[str] = set()

    def run(self, text: str, field: str) -> list[StyleFinding]:
        if not text:
            return []
        if not unicodedata.is_normalized("NFC", text):
            text = unicodedata.normalize("NFC", text)
        masked = _MASK.sub(lambda m: " " * len(m.group()), text)
        found: list[tuple[int, int, int, str, str, str, dict]] = []  # start, end, priority, rule, suggestion, sev, params

        def add(m_start, m_end, priority, rule, suggestion, severity, **params):
            found.append((m_start, m_end, priority, rule, suggestion, severity, params))

        c = self.c
        for regex in (c.forms_ci, c.forms_cs):
            if regex is None:
                continue
            for m in regex.finditer(masked):
                s = _space(m.group())
                if s in c.abbreviations:
                    self._abbreviation(masked, m, c.abbreviations[s], add)
                else:
                    term = c.forbidden.get(s.casefold())
                    if term is not None:
                        add(m.start(), m.end(), 0, "forbidden_form", term.preferred, term.severity,
                            note=term.note)
        if c.party:
            for m in _PARTY_DOC.finditer(masked):
                canonical = f"{m.group(1)}-{m.group(3)}/TW"
                if m.group() != canonical:
                    add(m.start(), m.end(), 1, "document_number", canonical, "warn")
        if c.variant_re is not None:
            folded = _fold(masked)
            for m in c.variant_re.finditer(folded):
                term = c.variants.get(_space(m.group()))
                if term is not None:
                    self._variant(masked, m.start(), m.end(), term, add)
        self._numbers(masked, add)
        return self._resolve(text, field, found)

    def _abbreviation(self, masked: str, m, term: Term, add) -> None:
        abbr = _space(m.group())
        before = masked[max(0, m.start() - 40): m.start()].rstrip()
        after = masked[m.end(): m.end() + 8].lstrip()
        if after.startswith(")") and (before.endswith("(") or _INTRO.search(before)):  # “… (CĐCS)”: spelled out here
            self.introduced.add(abbr)
            return
        if abbr in self.introduced:
            return
        severity = term.severity if abbr not in self.flagged else "info"
        self.flagged.add(abbr)
        add(m.start(), m.end(), 0, "abbreviation", f"{term.preferred} ({abbr})", severity, note=term.note)

    def _variant(self, masked: str, start: int, end: int, term: Term, add) -> None:
        """The preferred form found by its letters alone: flag other capitals or diacritics."""
        surface, preferred = _space(masked[start:end]), term.preferred
        if surface == preferred or surface == preferred.upper():  # ALL CAPS headings are fine
            return
        same_letters = surface.casefold() == preferred.casefold()
        if term.kind == "capitalisation":
            nxt = masked[end:].lstrip()[:1]
            if not (nxt.isalpha() and nxt.isupper()):  # not before a name: “chủ tịch” is a common noun
                if same_letters:
                    return
                preferred = preferred.lower()
        elif term.case == "any":
            if same_letters:
                return
            preferred = preferred.lower()
        if not same_letters and surface[:1].isupper():
            preferred = preferred[:1].upper() + preferred[1:]
        if surface == preferred:
            return
        rule = "capitalisation" if same_letters else "diacritics"
        add(start, end, 2, rule, preferred, term.severity, note=term.note)

    def _numbers(self, masked: str, add) -> None:
        r = self.c.rules
        t, d = r.thousands, r.decimal
        names = {"lang_vi": _NAMES[self.lang]["vi"], "lang_en": _NAMES[self.lang]["en"],
                 "thousands_vi": _SEP[t]["vi"], "thousands_en": _SEP[t]["en"],
                 "decimal_vi": _SEP[d]["vi"], "decimal_en": _SEP[d]["en"]}
        swap = {d: t, t: d}
        for m in self.c.thousands_re.finditer(masked):
            fixed = "".join(swap.get(ch, ch) for ch in m.group())
            add(m.start(), m.end(), 3, "thousands_separator", fixed, "warn", **names)
        if self.c.decimal_re is not None:
            for m in self.c.decimal_re.finditer(masked):
                add(m.start(), m.end(), 3, "decimal_separator", m.group().replace(t, d), "warn", **names)
        if r.check_dates:
            for m in _DATE.finditer(masked):
                day, month, year = _date_parts(m)
                if day is None:
                    continue
                add(m.start(), m.end(), 4, "date_format", f"{day}/{month}/{year}", "info", example=r.date_example)

    def _resolve(self, text: str, field: str, found) -> list[StyleFinding]:
        out: list[StyleFinding] = []
        taken_until = -1
        for start, end, _prio, rule, suggestion, severity, params in sorted(found, key=lambda f: (f[0], -(f[1] - f[0]), f[2])):
            if start < taken_until:
                continue  # overlaps a longer or earlier finding
            taken_until = end
            span = text[start:end]
            note = params.pop("note", None)
            message = {}
            for lang in ("vi", "en"):
                msg = MESSAGES[rule][lang].format(text=span, suggestion=suggestion, **params)
                extra = note.get(lang) if note is not None else ""
                message[lang] = f"{msg} {extra}".strip() if extra else msg
            out.append(StyleFinding(field, start, end, span, rule, suggestion, severity, message))
        return out


_DATE = re.compile(r"(?<![\w/.,\-])(?:(\d{1,2})([-.])(\d{1,2})\2(\d{4})|(\d{4})-(\d{2})-(\d{2})|(\d{1,2})/(\d{1,2})/(\d{4}))"
                   r"(?![\w]|[.,/\-]\d)")


def _date_parts(m):
    if m.group(1):
        day, month, year = m.group(1), m.group(3), m.group(4)
    elif m.group(5):
        year, month, day = m.group(5), m.group(6), m.group(7)
    else:  # d/m/y is the house form unless it can only be month/day (12/22/2024)
        first, second, year = m.group(8), m.group(9), m.group(10)
        if int(second) <= 12 or int(first) > 12:
            return None, None, None
        day, month = second, first
    if not (1 <= int(day) <= 31 and 1 <= int(month) <= 12):
        return None, None, None
    return day, month, year
