"""Figures, dates and document numbers in a sentence: found, read, formatted and compared.

Wrong quiz values are `distractors.py`'s job, labels and on-screen phrases `phrases.py`'s."""

from __future__ import annotations

import re
from calendar import monthrange
from dataclasses import dataclass

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
_TIME_KINDS = {"date", "month", "year", "range"}


@dataclass
class Figure:
    start: int  # span in the sentence; `qstart` includes a qualifier such as "hơn" / "more than"
    end: int
    qstart: int
    kind: str  # count | percent | year | date | month | range | doc
    value: float | tuple | str
    decimals: int = 0
    scale: float = 1.0



def find_figures(text: str, lang: str) -> list[Figure]:
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
            fig.value, fig.decimals = read_number(m.group("num"), lang)
            fig.scale = _SCALES[m.group("scale").strip().lower()] if m.group("scale") else 1.0
            plain = fig.scale == 1 and not m.group("pct")
            fig.kind = ("percent" if m.group("pct") else "year" if plain and m.group("num").isdigit()
                        and 1900 <= fig.value <= 2100 else "count")
            if plain and _DOC_BEFORE.search(text, 0, m.start()):
                fig.kind, fig.value = "doc", m.group("num")  # "Nghị quyết 57", "Resolution 57"
        if fig.kind not in ("date", "month") or valid_date(*fig.value):
            out.append(fig)
    return out


def read_number(s: str, lang: str) -> tuple[float, int]:
    """(value, decimals shown), read like bridge.py: en "12,300.5", vi "12.300,5"; "1.200" in English is 1.2."""
    grouped = re.fullmatch(r"(\d{1,3}(?:([.,\u00a0\u202f ])\d{3})+)(?:([.,])(\d+))?", s)
    if grouped and not (lang == "en" and s.count(".") == 1 and "," not in s) and grouped[3] != grouped[2]:
        return float(re.sub(r"\D", "", grouped[1]) + "." + (grouped[4] or "0")), len(grouped[4] or "")
    m = re.fullmatch(r"(\d+)[.,](\d+)", s)
    return (float(f"{m[1]}.{m[2]}"), len(m[2])) if m else (float(re.sub(r"[.,]", "", s)), 0)


def valid_date(y: int, m: int, d: int = 0) -> bool:
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


def figure_key(kind: str, value, scale: float = 1.0):
    if kind in ("count", "percent", "year"):
        return round(value * scale, 6)
    return str(value).upper() if kind == "doc" else value



def pick(figures: list[Figure]) -> list[Figure]:
    """The figures worth asking about or showing, best first: quantities, dates, document numbers, years."""
    order = {"count": 0, "percent": 0, "date": 1, "doc": 2, "month": 3, "year": 4}
    return sorted((f for f in figures if f.kind in order), key=lambda f: (order[f.kind], f.start))



def key_of(f: Figure):
    return f.kind, figure_key(f.kind, f.value, f.scale)
