"""The text as the recognizers read it, with every character mapped back to the text the user wrote.

People hide (or just mangle) personal data in ways a regex over the raw text misses: decomposed
accents, full-width digits, zero-width characters inside a number, digits split by spaces, dots or
dashes or broken over a line, CSV rows where a number follows a comma, e-mails written
"lan [at] congdoan [dot] vn", phone numbers spelled "không chín tám ba …". `normalize` undoes each
of these in turn and keeps, for every character of the result, the span of original characters it
came from, so a finding on the normalised text masks exactly what the user typed.

Each pass is a regex substitution that costs nothing when it finds nothing, so ordinary text goes
through at the speed of a few `re` scans.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass


@dataclass
class Normalized:
    """`text` with, for each of its characters, the start and end offset in the original (None: identity)."""

    text: str
    original: str
    starts: list[int] | None = None
    ends: list[int] | None = None

    def span(self, start: int, end: int) -> tuple[int, int]:
        """The original span of the normalised span [start, end)."""
        if self.starts is None:
            return start, end
        if end <= start:
            pos = self.starts[start] if start < len(self.starts) else len(self.original)
            return pos, pos
        return self.starts[start], self.ends[end - 1]

    def _maps(self) -> tuple[list[int], list[int]]:
        if self.starts is None:
            return list(range(len(self.text))), list(range(1, len(self.text) + 1))
        return self.starts, self.ends


Replacement = Callable[[re.Match], "str | list[tuple[str, int, int]] | None"]


def substitute(norm: Normalized, pattern: re.Pattern, replace: Replacement) -> Normalized:
    """Replace each match of `pattern` in `norm.text` by `replace(match)`.

    `replace` returns None (leave the match), a string (of the match's length: character for
    character; otherwise every new character maps to the whole match), or pieces (text, start, end) with start/end relative to the normalised text, for a finer
    map (e.g. digits kept one for one while the separators between them go).
    """
    text = norm.text
    out: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    old_starts = old_ends = None
    pos = 0
    for m in pattern.finditer(text):
        new = replace(m)
        if new is None:
            continue
        if old_starts is None:
            old_starts, old_ends = norm._maps()
        out.append(text[pos:m.start()])
        starts.extend(old_starts[pos:m.start()])
        ends.extend(old_ends[pos:m.start()])
        if isinstance(new, str) and len(new) == m.end() - m.start() > 1:  # same length: character for character
            pieces = [(ch, m.start() + i, m.start() + i + 1) for i, ch in enumerate(new)]
        else:
            pieces = [(new, m.start(), m.end())] if isinstance(new, str) else new
        for piece, s, e in pieces:
            if not piece:
                continue
            out.append(piece)
            lo, hi = old_starts[s] if s < len(text) else len(norm.original), old_ends[max(s, e - 1)]
            starts.extend([lo] * len(piece))
            ends.extend([hi] * len(piece))
        pos = m.end()
    if old_starts is None:
        return norm
    out.append(text[pos:])
    starts.extend(old_starts[pos:])
    ends.extend(old_ends[pos:])
    return Normalized("".join(out), norm.original, starts, ends)


# 1. canonical composition: a letter and its combining marks become one character (NFC)
_CLUSTER = re.compile(r".[\u0300-\u036f]+", re.S)


def _nfc(norm: Normalized) -> Normalized:
    if unicodedata.is_normalized("NFC", norm.text):
        return norm
    return substitute(norm, _CLUSTER, lambda m: unicodedata.normalize("NFC", m.group()))


# 2. compatibility forms: full-width digits and letters, ideographic space, mathematical letters,
#    circled digits, non-breaking and other spaces; Vietnamese letters are below U+2000 and untouched
_COMPAT = re.compile(r"[\u00a0\u2000-\u200a\u202f\u205f\u2070-\u209f\u2460-\u24ff\u3000\uff01-\uff5e"
                     r"\U0001d400-\U0001d7ff]+")


def _compat(norm: Normalized) -> Normalized:
    def one_for_one(m: re.Match):
        return [(unicodedata.normalize("NFKC", ch), m.start() + i, m.start() + i + 1) for i, ch in enumerate(m.group())]

    return substitute(norm, _COMPAT, one_for_one)


# 3. format characters (zero-width space/joiners, soft hyphen, word joiner, bidi controls, BOM, tags)
FORMAT_CHARS = re.compile(r"[\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180e\u200b-\u200f\u202a-\u202e"
                          r"\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb\U000e0000-\U000e007f]+")


def _format(norm: Normalized) -> Normalized:
    return substitute(norm, FORMAT_CHARS, lambda m: "")


# 4. numbers spelled digit by digit, in Vietnamese or English ("không chín tám ba …", "zero nine …")
DIGIT_WORDS = {
    **dict.fromkeys(["không", "khong", "linh", "zero", "oh"], "0"),
    **dict.fromkeys(["một", "mốt", "mot", "one"], "1"), **dict.fromkeys(["hai", "two"], "2"),
    **dict.fromkeys(["ba", "three"], "3"), **dict.fromkeys(["bốn", "bon", "tư", "tu", "four"], "4"),
    **dict.fromkeys(["năm", "nam", "lăm", "lam", "five"], "5"), **dict.fromkeys(["sáu", "sau", "six"], "6"),
    **dict.fromkeys(["bảy", "bẩy", "bay", "seven"], "7"), **dict.fromkeys(["tám", "tam", "eight"], "8"),
    **dict.fromkeys(["chín", "chin", "nine"], "9"),
}
_WORD = "|".join(sorted(map(re.escape, DIGIT_WORDS), key=len, reverse=True))
_TOKEN = rf"(?:{_WORD}|\d{{1,4}})"
_SPELLED = re.compile(rf"(?<!\w)(?i:{_TOKEN})(?:[ \t]*[,.\-–—]?[ \t]*\n?[ \t]+(?i:{_TOKEN})|"
                      rf"[ \t]*[,.\-–—][ \t]*\n?[ \t]*(?i:{_TOKEN})|[ \t]*\n[ \t]*(?i:{_TOKEN})){{6,}}(?!\w)")
_SPELLED_TOKEN = re.compile(rf"(?i:{_WORD})(?!\w)|\d+")


def _spelled(norm: Normalized) -> Normalized:
    def digits(m: re.Match):
        tokens = list(_SPELLED_TOKEN.finditer(m.group()))
        words = sum(1 for t in tokens if not t.group().isdigit())
        pieces = [(DIGIT_WORDS.get(t.group().lower(), t.group()), m.start() + t.start(), m.start() + t.end())
                  for t in tokens]
        total = sum(len(p) for p, _, _ in pieces)
        if words < 4 or not 9 <= total <= 13:
            return None  # ordinary counting in a sentence, not a number read out digit by digit
        return pieces

    return substitute(norm, _SPELLED, digits)


# 5. e-mails written to dodge scrapers: "lan[at]cd.vn", "lan (at) gmail (dot) com", "lan a còng gmail chấm com"
_USER = r"[A-Za-z0-9][A-Za-z0-9._%+\-]*"
_LABEL = r"[A-Za-z0-9][A-Za-z0-9\-]*"
_AT = (r"(?:[ \t]*[\[({<][ \t]*(?i:at|@|a|a còng|a cong|acong|còng)[ \t]*[\])}>][ \t]*|[ \t]*@[ \t]*|"
       r"[ \t]+(?i:at|a còng|a cong|acong|còng)[ \t]+)")
_DOT = (r"(?:[ \t]*[\[({<][ \t]*(?i:dot|chấm|cham|\.)[ \t]*[\])}>][ \t]*|[ \t]*\.[ \t]*|"
        r"[ \t]+(?i:dot|chấm|cham)[ \t]+)")
_TLD = r"(?i:com|vn|net|org|edu|gov|info|io|biz|me|co|mobi|asia)"
_OBFUSCATED_EMAIL = re.compile(rf"(?<![\w.@])({_USER}){_AT}({_LABEL}(?:{_DOT}{_LABEL})*?){_DOT}({_TLD})(?![\w])")
_DOT_SPLIT = re.compile(_DOT)


def _email(norm: Normalized) -> Normalized:
    def canonical(m: re.Match):
        if re.fullmatch(rf"{_USER}@{_LABEL}(?:\.{_LABEL})*\.{_TLD}", m.group()):
            return None  # already an address
        labels = _DOT_SPLIT.split(m.group(2))
        if not all(re.fullmatch(_LABEL, x) for x in labels):
            return None
        return [(m.group(1), m.start(1), m.end(1)), ("@", m.end(1), m.start(2)),
                (".".join(labels), m.start(2), m.end(2)), (".", m.end(2), m.start(3)), (m.group(3), m.start(3), m.end(3))]

    return substitute(norm, _OBFUSCATED_EMAIL, canonical)


# 6. CSV and tables: in a row of comma-separated fields, and wherever a comma sits between
#    a word and a digit ("An,0983…"), the separator is a field boundary (a tab), not part of a number
_FIELD_COMMA = re.compile(r"(?<=[^\d\s]),(?=\d)")
_CSV_LINE = re.compile(r"^[^\n]*$", re.M)


def _csv_rows(text: str) -> set[int]:
    """Starts of the lines that are CSV rows: two commas or more between fields (not decimal commas, not prose
    ", "), or no space at all; a line with as many commas as a CSV row next to it is one too (a numeric row)."""
    lines = [(m.start(), m.group()) for m in _CSV_LINE.finditer(text)]
    counts = [line.count(",") for _, line in lines]
    strong = [c >= 2 and (len(re.findall(r"(?<!\d),(?! )|,(?![\d ])", line)) >= 2 or " " not in line.strip()
                          or (", " not in line and c >= 3)) for (_, line), c in zip(lines, counts)]
    rows = set()
    for i, (start, _) in enumerate(lines):
        near = [j for j in (i - 1, i + 1) if 0 <= j < len(lines) and strong[j] and counts[j] == counts[i]]
        if strong[i] or (counts[i] >= 2 and near):
            rows.add(start)
    return rows


def _fields(norm: Normalized) -> Normalized:
    if norm.text.count(",") >= 2:
        rows = _csv_rows(norm.text)
        if rows:
            norm = substitute(norm, _CSV_LINE, lambda m: m.group().replace(",", "\t") if m.start() in rows else None)
    return substitute(norm, _FIELD_COMMA, lambda m: "\t")


# 7. digit groups split by spaces, dots, dashes, underscores or a line break → one run of digits
_SEP = r"(?:[ ]{0,3}[.\-–—_·•~][ ]{0,3}|[ ]{1,3}|[ ]*\n[ ]*)"
_CHAIN = re.compile(rf"(?<![\d\w])(?:\+|[A-Z](?=\d))?\d+(?:{_SEP}\d+)+(?![\d])")
_GROUP = re.compile(r"\d+")
_THOUSANDS = re.compile(r"[1-9]\d{0,2}(?:([., ])\d{3})(?:\1\d{3})*")
_KEEP = re.compile(r"\d{10} ?- ?\d{3}")  # a tax code with its branch suffix (0100109106-001)


def _chains(norm: Normalized) -> Normalized:
    text = norm.text

    def join(m: re.Match):
        raw = m.group()
        groups = list(_GROUP.finditer(raw))
        # a row number before a phone ("3 0983 123 421"): the number starts at the group opening with 0
        while (len(groups) > 2 and len(groups[0].group()) <= 2 and not groups[0].group().startswith("0")
               and any(g.group().startswith("0") for g in groups[1:2])):
            groups = groups[1:]
        for i in range(1, len(groups)):
            if "\n" in raw[groups[i - 1].end():groups[i].start()] and sum(len(g.group()) for g in groups[:i]) >= 9:
                groups = groups[:i]  # a whole number ends its line; the next line is another item
                break
        total = sum(len(g.group()) for g in groups)
        letter = raw[0].isalpha() and groups[0].start() == 1
        if letter and (len(groups) < 2 or not 7 <= total <= 8):
            return None  # a letter and seven or eight digits: a passport number split in two
        if not letter and (len(groups) < 2 or not 9 <= total <= 19 or _THOUSANDS.fullmatch(raw) or _KEEP.fullmatch(raw)):
            return None  # dates, periods, amounts grouped by thousands
        if "\n" in raw[groups[0].start():]:
            line_start = text.rfind("\n", 0, m.start()) + 1
            if not text[line_start:m.start()].strip():
                return None  # numbers on lines of their own (a column), not one number broken over a line
        pieces = [(g.group(), m.start() + g.start(), m.start() + g.end()) for g in groups]
        if (raw.startswith("+") or letter) and groups[0].start() == 1:
            pieces.insert(0, (raw[0], m.start(), m.start() + 1))
        lead = m.start() + (0 if (raw.startswith("+") or letter) and groups[0].start() == 1 else groups[0].start())
        if lead > m.start():
            pieces.insert(0, (text[m.start():lead], m.start(), lead))  # the skipped row number stays as it was
        tail = m.start() + groups[-1].end()
        if tail < m.end():
            pieces.append((text[tail:m.end()], tail, m.end()))  # the next line's item stays as it was
        return pieces

    return substitute(norm, _CHAIN, join)


# 8. a name broken after its middle name ("Nguyễn Văn\nHậu"): no Vietnamese name ends with Văn or Thị
_MIDDLE_BREAK = re.compile(r"(?<=[ \t])(?:Văn|Thị|Van|Thi|VĂN|THỊ|VAN|THI)[ \t]*\n[ \t]*(?=[A-ZĐÀ-Ỹ])")


def _names(norm: Normalized) -> Normalized:
    def join(m: re.Match):
        word = m.group().split()[0]
        return [(word, m.start(), m.start() + len(word)), (" ", m.start() + len(word), m.end())]

    return substitute(norm, _MIDDLE_BREAK, join)


PASSES = (_nfc, _compat, _format, _spelled, _email, _fields, _chains, _names)


def normalize(text: str) -> Normalized:
    """`text` with every evasion above undone; `Normalized.span` maps a span back to `text`."""
    norm = Normalized(text, text)
    for step in PASSES:
        norm = step(norm)
    return norm
