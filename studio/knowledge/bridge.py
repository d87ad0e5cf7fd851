"""Canonical tokens for what is the same in every language: numbers, dates, periods, document numbers.

`10.000` (vi/de/no) = `10,000` (en) = `10 000` → `n:10000`; `30/7/2025` = `July 30, 2025` =
`30. Juli 2025` = `ngày 30 tháng 7 năm 2025` → `d:2025-07-30` (and `m:2025-07`);
`57-NQ/TW` (also typed `57-nq/tw`) → `doc:57-nq/tw`; `145/2020/NĐ-CP` → `doc:145/2020/nd-cp`;
`2025–2030` → `r:2025-2030`. A date yields one month token, however it is spelled; impossible
dates (`31/2/2025`) yield none. Phone numbers (`0912 345 678`, `+84 912 345 678`) are not
quantities and yield no number token; `tỷ lệ` (rate) is not "billion". Vietnamese numbers written
in words with a multiplier (`hai mươi` = 20, `ba trăm` = 300, `mười hai` = 12) read as numbers;
`vạn` is 10 000. A unit after a number (`08 giờ`, `12 months`, `50 %`, `6 Monate`) gives a unit
token (`u:hour`, `u:month`, `u:pct`), the same in every language; a question gives the unit it asks
for (`bao nhiêu giờ`, `how many hours`, `wie viel Prozent`).
"""

from __future__ import annotations

import re
from datetime import date

from studio.knowledge.textnorm import fold_word

_MONTHS: dict[str, int] = {}
for _names in (
    # en
    "january february march april may june july august september october november december",
    # de
    "januar februar marz april mai juni juli august september oktober november dezember",
    # no
    "januar februar mars april mai juni juli august september oktober november desember",
):
    for _i, _name in enumerate(_names.split(), start=1):
        _MONTHS[_name] = _i
for _i, _name in enumerate("jan feb mar apr may jun jul aug sep oct nov dec".split(), start=1):
    _MONTHS.setdefault(_name, _i)
_MONTHS.update({"sept": 9, "okt": 10, "dez": 12, "des": 12, "maerz": 3, "märz": 3, "jänner": 1, "janner": 1})

# Vietnamese month words after "tháng" (folded): numbers or names.
_VI_MONTH_WORDS = {
    "gieng": 1, "mot": 1, "hai": 2, "ba": 3, "tu": 4, "nam": 5, "sau": 6, "bay": 7, "tam": 8,
    "chin": 9, "muoi": 10, "muoi mot": 11, "chap": 12, "muoi hai": 12,
}

_SCALES = {
    "thousand": 1e3, "thousands": 1e3, "nghin": 1e3, "ngan": 1e3, "tausend": 1e3, "tusen": 1e3, "van": 1e4,
    "million": 1e6, "millions": 1e6, "trieu": 1e6, "mio": 1e6, "millionen": 1e6, "millioner": 1e6,
    "billion": 1e9, "billions": 1e9, "ty": 1e9, "milliarde": 1e9, "milliarden": 1e9, "mrd": 1e9,
    "milliard": 1e9, "milliarder": 1e9,
}

_MONTH_ALT = "|".join(sorted((re.escape(m) for m in _MONTHS), key=len, reverse=True))
_NUM_DATE = re.compile(r"(?<![\d.,/])(\d{1,2})([/.\-])(\d{1,2})\2(\d{4})(?![\d])")
_ISO_DATE = re.compile(r"(?<![\d])(\d{4})-(\d{2})-(\d{2})(?![\d])")
_VI_DATE = re.compile(
    r"(?:ngay\s+)?(\d{1,2})\s+thang\s+(\d{1,2}|[a-z]+(?:\s+(?:mot|hai))?)\s+(?:nam\s+)?(\d{4})"
)
_VI_MONTH_WORD_ALT = "|".join(sorted(_VI_MONTH_WORDS, key=len, reverse=True)).replace(" ", r"\s+")
_VI_MONTH_YEAR = re.compile(rf"thang\s+(\d{{1,2}}|(?:{_VI_MONTH_WORD_ALT})\b)\s*(?:/|-|nam)\s*(\d{{4}})")
_EN_DATE_MDY = re.compile(rf"\b({_MONTH_ALT})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+(\d{{4}})\b")
_DMY_NAMED = re.compile(rf"\b(\d{{1,2}})(?:\.|st|nd|rd|th)?\s+(?:of\s+)?({_MONTH_ALT})\.?,?\s+(\d{{4}})\b")
_MONTH_YEAR = re.compile(rf"\b({_MONTH_ALT})\.?,?\s+(\d{{4}})\b")
_RANGE = re.compile(r"(?<![\d])((?:19|20)\d{2})\s*[-–—/]\s*((?:19|20)\d{2})(?![\d])")
# "57-NQ/TW", "789/QĐ-TLĐ", "145/2020/NĐ-CP"; typed in lower case (queries) only with two code parts.
_DOCNO = re.compile(
    r"(?<![\w/])(\d{1,5})(?:/((?:19|20)\d{2}))?\s?[-/]\s?"
    r"([A-ZĐ]{1,6}(?:[-/][A-ZĐ0-9]{1,8}){0,3}|[a-zđ]{2,6}(?:[-/][a-zđ0-9]{1,8}){1,3})(?![\w])"
)
# Phone numbers: a leading 0 or a +country code, then digit groups; 9–15 digits in all.
_PHONE = re.compile(
    r"(?<![\w.,+])(?:\+\d{1,3}[ .\u00a0-]?\(?0?\)?|0)\d{1,4}(?:[ .\u00a0-]?\d{2,4}){1,4}(?![\w]|[.,]\d)"
)
_NUMBER = re.compile(
    r"(?<![\w.,])(\d{1,3}(?:([.,\u00a0\u202f ])\d{3})(?:\2\d{3})*|\d+)(?:([.,])(\d+))?(?!\w|[.,]\d)"
)
_SCALE_AFTER = re.compile(r"\s*([^\W\d_]+)\.?(?:\s+([^\W\d_]+))?")
# "tỷ" is billion, but "tỷ lệ" is a rate, "tỷ trọng" a share, "tỷ giá" an exchange rate, "tỷ số" a ratio.
_NOT_SCALE = {"ty": {"le", "trong", "gia", "so"}}


# Words for small numbers (2–12) in vi/en/de/no, matched with their diacritics ("hai" but not
# "hài"/"hải"); "one" is left out (it doubles as an article), and so are words that are common
# words in another language (vi "ba", "sáu", "bảy", "tám", "chín"; no "to", "ti", "ni"; de "elf").
_NUMBER_WORDS = {
    2: "two hai zwei", 3: "three drei tre", 4: "four bốn vier fire", 5: "five fünf fem",
    6: "six sechs seks", 7: "seven sieben sju syv", 8: "eight acht åtte", 9: "nine neun",
    10: "ten mười zehn", 11: "eleven elleve", 12: "twelve zwölf tolv",
}
_WORD_NUMBERS = {w: n for n, names in _NUMBER_WORDS.items() for w in names.split()}

# What a question asks for: a quantity or a point in time (answer-type matching).
_ASKS_COUNT = re.compile(
    r"\b(how many|how much|how long|what percentage|what share|bao nhieu|bao lau|may|so luong|ty le|"
    r"wie viele?|wie hoch|wie lange?|wie gross|hvor mange|hvor mye|hvor stor|hvor lenge)\b"
)
_ASKS_TIME = re.compile(
    r"\b(when|what date|which year|what year|khi nao|ngay nao|nam nao|bao gio|luc nao|thang nao|wann|"
    r"welchem jahr|welchem datum|seit wann|nar|hvilket ar|hvilken dato)\b"
)


def answer_type_tokens(query: str) -> list[str]:
    """`t:num` when the query asks how many/much/long, `t:time` when it asks when (vi/en/de/no).

    "mấy" (how many) counts only as written, or typed without diacritics: "máy" is a machine."""
    words_ = re.findall(r"\w+", query.lower())
    folded = " ".join("_" if w in {"máy", "mây", "mày"} else fold_word(w) for w in words_)
    tokens = []
    if _ASKS_COUNT.search(folded):
        tokens.append("t:num")
    if _ASKS_TIME.search(folded):
        tokens.append("t:time")
    return tokens


# Units, accented as written (a word typed without diacritics is compared folded). The Norwegian
# "time" (hour) and "år" are left out: they are common English/Vietnamese-looking words.
_UNITS: dict[str, tuple[str, ...]] = {
    "hour": ("giờ", "tiếng", "hour", "hours", "hrs", "stunde", "stunden", "std", "timer"),
    "minute": ("phút", "minute", "minutes", "min", "minuten", "minutter"),
    "day": ("ngày", "day", "days", "tag", "tage", "tagen", "dag", "dager", "dagar"),
    "week": ("tuần", "week", "weeks", "woche", "wochen", "uke", "uker"),
    "month": ("tháng", "month", "months", "monat", "monate", "monaten", "måned", "måneder", "mnd"),
    "year": ("năm", "year", "years", "jahr", "jahre", "jahren", "jahres", "årene"),
    "pct": ("%", "phần trăm", "percent", "per cent", "percentage", "prozent", "prosent"),
    "vnd": ("đồng", "vnđ", "vnd", "dong"),
}
_UNIT_BY_WORD = {w: unit for unit, ws in _UNITS.items() for w in ws if " " not in w}
_UNIT_PHRASES = {tuple(w.split()): unit for unit, ws in _UNITS.items() for w in ws if " " in w}
_UNIT_FOLDED = {fold_word(w): unit for w, unit in _UNIT_BY_WORD.items()}
_AMBIGUOUS_FOLDED = {"nam", "gio", "tag", "ngay", "thang"}  # năm/nam, giờ/gió, tag (en), ngày/ngay…
_TOKEN = re.compile(r"%|\w+")


def _unit_at(tokens: list[str], i: int, loose: bool) -> str | None:
    """The unit named by the word(s) at `tokens[i]`; `loose` also reads ambiguous unaccented words."""
    if i >= len(tokens):
        return None
    pair = tuple(tokens[i:i + 2])
    unaccented = pair == tuple(fold_word(t) for t in pair)
    for phrase, unit in _UNIT_PHRASES.items():  # as written, or typed without diacritics
        if pair == phrase or (unaccented and pair == tuple(fold_word(t) for t in phrase)):
            return unit
    word = tokens[i]
    if word in _UNIT_BY_WORD:
        return _UNIT_BY_WORD[word]
    if fold_word(word) == word and (loose or word not in _AMBIGUOUS_FOLDED):  # typed without diacritics
        return _UNIT_FOLDED.get(word)
    return None


def unit_tokens(text: str, query: bool = False) -> list[str]:
    """`u:<unit>` for each unit after a number (not a date's "ngày 22 tháng 12"); in a query, for
    each unit word asked about ("bao nhiêu giờ", "how many hours", "mấy tháng", "wie viel Prozent")."""
    tokens = _TOKEN.findall(text.lower())
    out: list[str] = []
    for i, token in enumerate(tokens):
        if query:
            unit = _unit_at(tokens, i, loose=True)
            context = " ".join("_" if t in {"máy", "mây", "mày"} else fold_word(t) for t in tokens[max(0, i - 3):i + 1])
            if unit and _ASKS_COUNT.search(context):
                out.append(f"u:{unit}")
        elif token[:1].isdigit() and not (i and fold_word(tokens[i - 1]) in {"ngay", "thang", "day", "tag"}):
            unit = _unit_at(tokens, i + 1, loose=False)
            if unit:
                out.append(f"u:{unit}")
    return out


def passage_type_tokens(canonical: list[str]) -> list[str]:
    """`t:num` for a passage that states a quantity, `t:time` for one that states a date or year."""
    tokens = []
    values = [t[2:] for t in canonical if t.startswith("n:")]
    if any(not (v.isdigit() and 1900 <= int(v) <= 2100) for v in values):
        tokens.append("t:num")
    if any(t.startswith(("d:", "m:", "r:")) for t in canonical) or any(
        v.isdigit() and 1900 <= int(v) <= 2100 for v in values
    ):
        tokens.append("t:time")
    return tokens


def canonical_tokens(text: str, lang: str | None = None) -> list[str]:
    """All canonical tokens of `text`, in order of appearance (duplicates kept for term frequency).

    `lang` decides how `1.234` and `1,5` read: English uses `.` for decimals, vi/de/no use `,`;
    with no language (queries) a separator followed by exactly three digits is a thousands mark.
    """
    folded = " ".join(fold_word(w) for w in re.findall(r"\S+", text))
    tokens: list[str] = []
    tokens += _dates(text, folded)
    tokens += [f"r:{a}-{b}" for a, b in _RANGE.findall(text) if a < b]
    tokens += [
        f"doc:{n}/{year}/{fold_word(code)}" if year else f"doc:{n}-{fold_word(code)}"
        for n, year, code in _DOCNO.findall(text)
    ]
    tokens += _numbers(text, lang)
    spelled, rest = _vi_spelled_numbers(text.lower())
    tokens += [f"n:{_format(v)}" for v in spelled]
    tokens += [f"n:{_WORD_NUMBERS[w]}" for w in rest if w in _WORD_NUMBERS]
    return tokens


_VI_DIGITS = {"một": 1, "mốt": 1, "hai": 2, "ba": 3, "bốn": 4, "tư": 4, "năm": 5, "lăm": 5, "nhăm": 5, "sáu": 6,
              "bảy": 7, "bẩy": 7, "tám": 8, "chín": 9, "linh": 0, "lẻ": 0}
_VI_MULTIPLIERS = {"mươi": 10, "trăm": 100, "nghìn": 1000, "ngàn": 1000, "vạn": 10_000, "triệu": 1e6, "tỷ": 1e9, "tỉ": 1e9}


def _vi_spelled_numbers(lowered: str) -> tuple[list[float], list[str]]:
    """Vietnamese numbers written in words, when a multiplier or "mười" makes them unambiguous
    ("hai mươi" 20, "mười hai" 12, "ba trăm linh năm" 305, "một trăm hai mươi lăm" 125, "một
    nghìn"); "năm" alone is a year, "ba" a father, and after "mười"/"mươi" five is "lăm" ("mười
    năm" is ten years). Returns the values and the words not used by them."""
    words_ = re.findall(r"\w+", lowered)
    values: list[float] = []
    rest: list[str] = []
    i = 0
    while i < len(words_):
        j, total, group, digit, strong, after_ten = i, 0.0, 0.0, None, False, False
        while j < len(words_):
            w = words_[j]
            if w == "mười":
                if digit is not None:
                    break
                group, strong, after_ten = group + 10, True, True
            elif w in _VI_DIGITS:
                if digit is not None or (w == "năm" and after_ten) or (w in {"linh", "lẻ"} and not strong):
                    break
                digit = None if w in {"linh", "lẻ"} else _VI_DIGITS[w]
                after_ten = False
            elif w in _VI_MULTIPLIERS and j > i:
                factor = _VI_MULTIPLIERS[w]
                if factor == 10:
                    if digit is None:
                        break
                    group += digit * 10
                    after_ten = True
                elif factor == 100:
                    group += (digit if digit is not None else 1) * 100
                    after_ten = False
                else:
                    total += (group + (digit or 0)) * factor
                    group, after_ten = 0.0, False
                digit, strong = None, True
            else:
                break
            j += 1
        if strong and (j > i + 1 or words_[i] == "mười"):
            values.append(total + group + (digit or 0))
            i = j
        else:
            rest.append(words_[i])
            i += 1
    return values, rest


def _date(y: int, m: int, d: int | None = None) -> list[str]:
    if not (1 <= m <= 12) or not (1900 <= y <= 2100):
        return []
    if d is not None:
        try:
            date(y, m, d)
        except ValueError:  # 31/2/2025, 29/2/2023
            return []
    month = f"m:{y:04d}-{m:02d}"
    return [f"d:{y:04d}-{m:02d}-{d:02d}", month] if d else [month]


def _dates(text: str, folded: str) -> list[str]:
    out: list[str] = []
    for d, _sep, m, y in _NUM_DATE.findall(text):
        day, month = int(d), int(m)
        if month > 12 and day <= 12:  # US order 7/30/2025
            day, month = month, day
        out += _date(int(y), month, day)
    for y, m, d in _ISO_DATE.findall(text):
        out += _date(int(y), int(m), int(d))
    # A full date already yields its month: blank it out before looking for month-year mentions,
    # so "30 July 2025" gives one month token like "30/7/2025" does.
    lowered = text.lower()
    for m, d, y in _EN_DATE_MDY.findall(lowered):
        out += _date(int(y), _MONTHS[m], int(d))
    lowered = _blank(_EN_DATE_MDY, lowered)
    for d, m, y in _DMY_NAMED.findall(lowered):
        out += _date(int(y), _MONTHS[m], int(d))
    for m, y in _MONTH_YEAR.findall(_blank(_DMY_NAMED, lowered)):
        out += _date(int(y), _MONTHS[m])
    for d, m, y in _VI_DATE.findall(folded):
        out += _date(int(y), _vi_month(m), int(d))
    for m, y in _VI_MONTH_YEAR.findall(_blank(_VI_DATE, folded)):
        out += _date(int(y), _vi_month(m))
    return out


def _blank(pattern: re.Pattern, text: str) -> str:
    return pattern.sub(lambda m: " " * len(m.group()), text)


def _vi_month(word: str) -> int:
    return int(word) if word.isdigit() else _VI_MONTH_WORDS.get(" ".join(word.split()), 0)


def _numbers(text: str, lang: str | None) -> list[str]:
    out: list[str] = []
    phones = [m.span() for m in _PHONE.finditer(text) if 9 <= sum(c.isdigit() for c in m.group()) <= 15]
    for m in _NUMBER.finditer(text):
        if any(s <= m.start() < e for s, e in phones):
            continue
        whole, group_sep, dec_sep, dec = m.group(1), m.group(2), m.group(3), m.group(4)
        value = _read_number(whole, group_sep, dec_sep, dec, lang)
        if value is None:
            continue
        scale = _SCALE_AFTER.match(text, m.end())
        if scale:
            word, after = fold_word(scale.group(1)), fold_word(scale.group(2) or "")
            if word in _SCALES and after not in _NOT_SCALE.get(word, ()):
                value *= _SCALES[word]
        out.append("n:" + _format(value))
    return out


def _read_number(whole: str, group_sep: str | None, dec_sep: str | None, dec: str | None, lang: str | None):
    if group_sep:
        # "10.000" is ten thousand in vi/de/no; in English "10.000" is ten, a rare spelling, but
        # "1.000.000" can only be a million.
        if lang == "en" and group_sep == "." and whole.count(".") == 1:
            return float(whole)
        digits = re.sub(r"[.,\u00a0\u202f ]", "", whole)
        value = float(digits)
        if dec_sep and dec and dec_sep != group_sep:
            value = float(f"{digits}.{dec}")
        return value
    if dec_sep and dec:
        decimal_mark = "." if lang == "en" else "," if lang in {"vi", "de", "no"} else None
        if decimal_mark is None:  # unknown language: three digits after the mark = thousands
            if len(dec) == 3:
                return float(whole + dec)
            return float(f"{whole}.{dec}")
        if dec_sep == decimal_mark:
            return float(f"{whole}.{dec}")
        return float(whole + dec) if len(dec) == 3 else float(f"{whole}.{dec}")
    return float(whole)


def _format(value: float) -> str:
    if value == int(value):
        return str(int(value))
    return f"{value:.6f}".rstrip("0").rstrip(".")
